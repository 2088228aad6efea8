package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Properties of the step arithmetic; QuickTheories prints the falsifying values and its seed. */
class StepBudgetProperties {

  private static LoraProject project(
      int images,
      int repeats,
      int bodyImages,
      int bodyRepeats,
      int batch,
      int ga,
      boolean legacy,
      int epochs) {
    return LoraProject.builder()
        .name("p")
        .trigger(TriggerWord.of("ohwx"))
        .dataset(
            DatasetSpec.builder()
                .addFolder(DatasetFolder.fromFolderName(repeats + "_a").withImageCount(images))
                .addFolder(
                    DatasetFolder.fromFolderName(bodyRepeats + "_a_realbody")
                        .withImageCount(bodyImages))
                .build())
        .training(
            TrainingParameters.builder()
                .batchSize(batch)
                .gradientAccumulation(legacy ? 1 : ga)
                .gradientAccumulationSteps(legacy ? ga : 1)
                .length(TrainingLength.epochs(epochs))
                .build())
        .build();
  }

  @Test
  void totalSteps_isEpochsTimesStepsPerEpoch_inEveryMode() {
    qt().forAll(
            integers().between(1, 200),
            integers().between(1, 50),
            integers().between(0, 31),
            integers().between(1, 30))
        .checkAssert(
            (images, repeats, batchAndGa, epochs) -> {
              int batch = 1 + batchAndGa % 4;
              int ga = 1 + batchAndGa / 4;
              for (boolean legacy : new boolean[] {false, true}) {
                StepBudget b =
                    StepBudget.compute(
                            project(images, repeats, images, repeats, batch, ga, legacy, epochs))
                        .orElseThrow();
                // Whole numbers, as the loop counts: the double product epochs x steps/epoch can
                // land just above an integer (27 x 14 / 3 = 126.00000000000001).
                long draws = (long) epochs * b.batchesPerEpoch();
                assertThat(b.totalSteps())
                    .isEqualTo((int) ((draws + b.batchesPerStep() - 1) / b.batchesPerStep()));
                assertThat(b.epochs())
                    .isCloseTo(
                        epochs,
                        org.assertj.core.data.Offset.offset(1.0 / b.stepsPerEpoch() + 1e-9));
              }
            });
  }

  @Test
  void moreRepeats_neverFewerSteps() {
    qt().forAll(
            integers().between(1, 200),
            integers().between(1, 50),
            integers().between(0, 31),
            integers().between(1, 20))
        .checkAssert(
            (images, repeats, batchAndGa, epochs) -> {
              int batch = 1 + batchAndGa % 4;
              int ga = 1 + batchAndGa / 4;
              int fewer =
                  StepBudget.compute(project(images, repeats, 30, 20, batch, ga, false, epochs))
                      .orElseThrow()
                      .totalSteps();
              int more =
                  StepBudget.compute(project(images, repeats + 1, 30, 20, batch, ga, false, epochs))
                      .orElseThrow()
                      .totalSteps();
              assertThat(more).isGreaterThanOrEqualTo(fewer);
            });
  }

  @Test
  void checkpoints_sortedBoundedAndOnePerEpochWhenSavingEachEpoch() {
    qt().forAll(
            integers().between(1, 100),
            integers().between(1, 40),
            integers().between(1, 4),
            integers().between(1, 20))
        .checkAssert(
            (images, repeats, ga, epochs) -> {
              // batch 1 and images x repeats a multiple of ga: a whole number of steps per epoch
              StepBudget b =
                  StepBudget.compute(
                          project(images * ga, repeats, ga, repeats, 1, ga, false, epochs))
                      .orElseThrow();
              List<Integer> steps = b.checkpointSteps();
              assertThat(steps).isSorted().doesNotHaveDuplicates();
              assertThat(steps.get(steps.size() - 1)).isEqualTo(b.totalSteps());
              assertThat(steps).allSatisfy(s -> assertThat(s).isBetween(1, b.totalSteps()));
              assertThat(steps).hasSize(epochs);
              assertThat(b.intermediateCheckpoints()).isEqualTo(steps.size() - 1);
            });
  }

  @Test
  void kohyaAndAiToolkit_agreeWithoutBucketsAndAccumulation() {
    qt().forAll(
            integers().between(1, 200),
            integers().between(1, 50),
            integers().between(1, 4),
            integers().between(1, 20))
        .checkAssert(
            (images, repeats, batch, epochs) -> {
              LoraProject p = project(images, repeats, 30, 20, batch, 1, false, epochs);
              StepBudget ai =
                  StepBudget.compute(p, TrainerSemantics.AI_TOOLKIT, Map.of()).orElseThrow();
              StepBudget kohya =
                  StepBudget.compute(p, TrainerSemantics.KOHYA, Map.of()).orElseThrow();
              assertThat(kohya.totalSteps()).isEqualTo(ai.totalSteps());
              assertThat(kohya.stepsPerEpoch()).isEqualTo(ai.stepsPerEpoch());
              assertThat(kohya.samplesPerEpoch()).isEqualTo(ai.samplesPerEpoch());
            });
  }
}
