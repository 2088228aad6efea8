package dev.lorakit.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  /** The guide's project on the text-to-image base (no control images needed), guide numbers. */
  private static LoraProject guide() {
    return LoraProject.builder()
        .name("maya_lora")
        .trigger(TriggerWord.of("maya_char"))
        .baseModel(BaseModel.QWEN_IMAGE_2512)
        .dataset(ExampleProjects.guideDataset())
        .build();
  }

  @Test
  void of_everyCombination_isAnArmWithItsChanges() {
    SweepPlan sweep =
        SweepPlan.of(
            guide(),
            List.of(SweepAxis.parse("lr=1e-4,2e-4,3e-4"), SweepAxis.parse("rank=8,16")),
            3,
            1000,
            TrainingPlanner.defaults());

    assertThat(sweep.arms()).hasSize(6);
    SweepArm first = sweep.arms().get(0);
    assertThat(first.name()).endsWith("_lr1e-4_r8");
    assertThat(first.changes()).containsEntry("lr", "1e-4").containsEntry("rank", "8");
    assertThat(first.project().training().learningRate()).isEqualTo(1e-4);
    // ai-toolkit forces alpha = rank for Qwen (ai-toolkit.md §0.7): the arm keeps them equal.
    assertThat(first.project().training().network().rank()).isEqualTo(8);
    assertThat(first.project().training().network().alpha()).isEqualTo(8);
    assertThat(sweep.arms()).extracting(SweepArm::name).doesNotHaveDuplicates();
  }

  @Test
  void of_epochsAxis_scalesTheStepsAsTheGuidesArithmetic() {
    SweepPlan sweep =
        SweepPlan.of(
            guide(), List.of(SweepAxis.parse("epochs=8,10")), 2, 1000, TrainingPlanner.defaults());

    // 70 x 40 + 30 x 20 = 3,400 samples per epoch at one resolution, accumulation 4: 850 steps.
    assertThat(sweep.arms())
        .extracting(a -> a.plan().orElseThrow().budget().totalSteps())
        .containsExactly(6800, 8500);
  }

  @Test
  void withinCap_isTheSumOfTheArmsAgainstTheCap() {
    List<SweepAxis> axes = List.of(SweepAxis.parse("epochs=8,10"), SweepAxis.parse("rank=8,16"));
    SweepPlan generous = SweepPlan.of(guide(), axes, 2, 100_000, TrainingPlanner.defaults());
    double total =
        generous.arms().stream().mapToDouble(a -> a.projectedCostUsd().orElseThrow()).sum();

    SweepPlan tight = SweepPlan.of(guide(), axes, 2, total / 2, TrainingPlanner.defaults());

    assertThat(generous.withinCap()).isTrue();
    assertThat(generous.projectedCostUsd()).hasValue(total);
    assertThat(tight.withinCap()).isFalse();
    assertThat(tight.overCapUsd()).isCloseTo(total / 2, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void projectedWallHours_packsLongestFirstIntoTheParallelSlots() {
    List<SweepAxis> axes = List.of(SweepAxis.parse("epochs=4,4,8"));
    SweepPlan one = SweepPlan.of(guide(), axes, 1, 100_000, TrainingPlanner.defaults());
    SweepPlan two = SweepPlan.of(guide(), axes, 2, 100_000, TrainingPlanner.defaults());
    double e4 = one.arms().get(0).projectedHours();
    double e8 = one.arms().get(2).projectedHours();

    assertThat(one.projectedWallHours())
        .isCloseTo(2 * e4 + e8, org.assertj.core.data.Offset.offset(1e-9));
    // 8 epochs on one slot, both 4-epoch arms on the other.
    assertThat(two.projectedWallHours())
        .isCloseTo(Math.max(e8, 2 * e4), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void arms_brokenByTheRules_areNotRunnableAndNotCounted() {
    SweepPlan sweep =
        SweepPlan.of(
            guide(),
            List.of(SweepAxis.parse("epochs=10,60")),
            2,
            100_000,
            TrainingPlanner.defaults());

    // 50+ epochs is the style-LoRA regime, an ERROR (guide: Training Duration).
    assertThat(sweep.arms().get(1).report().withRule("training.epochs-style-regime")).hasSize(1);
    assertThat(sweep.runnableArms()).hasSize(1);
  }

  @Test
  void parse_badInput_namesTheKeyOrValue() {
    assertThatThrownBy(() -> SweepAxis.parse("warmup=10"))
        .hasMessageContaining("unknown sweep key 'warmup'");
    assertThatThrownBy(() -> SweepAxis.parse("lr=fast")).hasMessageContaining("'fast' of lr");
    assertThatThrownBy(() -> SweepAxis.parse("rank=0")).hasMessageContaining("'0' of rank");
    assertThatThrownBy(() -> SweepAxis.parse("lr")).hasMessageContaining("key=value");
    assertThatThrownBy(
            () ->
                SweepPlan.of(
                    guide(),
                    List.of(SweepAxis.parse("lr=1e-4"), SweepAxis.parse("lr=2e-4")),
                    1,
                    10,
                    TrainingPlanner.defaults()))
        .hasMessageContaining("varied once");
  }
}
