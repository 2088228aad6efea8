package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.LoraValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingPlannerTest {

  /** The guide's intent: accumulation 4 in the real key, 10 epochs, one resolution. */
  static LoraProject guideIntent() {
    return LoraProject.builder()
        .from(ExampleProjects.guideAsWritten())
        .training(TrainingParameters.builder().build())
        .build();
  }

  @Test
  void plan_guideIntent_matchesTheIssueNumbers() {
    TrainingPlan plan = TrainingPlanner.defaults().plan(guideIntent());

    StepBudget b = plan.budget();
    assertThat(b.samplesPerEpoch()).isEqualTo(3400);
    assertThat(b.optimizerStepsPerEpoch()).isEqualTo(850.0);
    assertThat(b.totalSteps()).isEqualTo(8500);
    assertThat(b.saveEvery()).isEqualTo(850);
    assertThat(b.accumulationMode()).isEqualTo(AccumulationMode.PER_STEP);
    assertThat(plan.sampleEvery()).isEqualTo(850);
    assertThat(plan.checkpoints()).hasSize(10);
    assertThat(plan.checkpoints().get(0).file())
        .isEqualTo("qwen_character_lora_000000850.safetensors");
    assertThat(plan.checkpoints().get(0).epoch()).hasValue(1);
    assertThat(plan.checkpoints().get(9).file()).isEqualTo("qwen_character_lora.safetensors");
    assertThat(plan.checkpoints().get(9).isFinal()).isTrue();
    // ai-toolkit records training_info.epoch = epoch_num, which goes up only when the iterator
    // runs out on a later draw (BaseSDTrainProcess.py l.2591 @27a03a91): 34000 batches of 3400
    // leave it at 9 in the final file of a 10-epoch run (audit row 17).
    assertThat(plan.checkpoints().get(9).epoch()).hasValue(9);
    // kohya counts the same optimizer steps for this dataset (no buckets, one resolution).
    assertThat(plan.kohyaBudget().totalSteps()).isEqualTo(8500);
  }

  @Test
  void plan_guideIntent_estimatesTimeCostAndMemoryFromTheTable() {
    TrainingPlan plan = TrainingPlanner.defaults().plan(guideIntent());

    // 34,000 images; Edit-2509 with one control image at 1024 px: 5.5 s per image on an L40S.
    assertThat(plan.time().secondsPerStep()).isEqualTo(22.0);
    assertThat(plan.time().trainingHours())
        .isCloseTo(51.94, org.assertj.core.data.Offset.offset(0.01));
    assertThat(plan.time().costUsd()).isPresent();
    assertThat(plan.gpu().memoryGb()).isEqualTo(48);
    assertThat(plan.fitsGpu()).isTrue();
  }

  @Test
  void plan_measuredSpeedAndPrice_replaceTheTable() {
    TrainingPlan plan =
        TrainingPlanner.defaults()
            .withSecondsPerStep(2.0)
            .withPricePerHour(1.0)
            .plan(guideIntent());

    assertThat(plan.time().measured()).isTrue();
    assertThat(plan.time().trainingHours())
        .isCloseTo(8500 * 2.0 / 3600, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.time().costUsd().getAsDouble())
        .isCloseTo(
            8500 * 2.0 / 3600 + TimeEstimate.SETUP_HOURS,
            org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void memory_publishedMinimumsHold() {
    LoraProject qwen =
        LoraProject.builder().from(guideIntent()).baseModel(BaseModel.QWEN_IMAGE).build();
    LoraProject qwen3bit = withQuant(qwen, true, "uint3", BaseModel.QWEN_IMAGE);
    LoraProject edit3bit = withQuant(guideIntent(), true, "uint3", BaseModel.QWEN_IMAGE_EDIT_2509);
    LoraProject edit8bit = withQuant(guideIntent(), true, "qfloat8", null);

    assertThat(MemoryEstimate.of(withQuant(qwen, true, "qfloat8", null)).fits(24)).isFalse();
    assertThat(MemoryEstimate.of(qwen3bit).fits(24)).isTrue();
    assertThat(MemoryEstimate.of(edit8bit).fits(32)).isFalse();
    assertThat(MemoryEstimate.of(edit3bit).fits(32)).isTrue();
    assertThat(MemoryEstimate.of(guideIntent()).fits(48)).isTrue();
  }

  @Test
  void evaluation_fiveByFiveByFiveByFour_is500CellsInCheckpointPromptSeedStrengthOrder() {
    TrainingPlan plan = TrainingPlanner.defaults().plan(guideIntent());
    EvaluationGrid grid = plan.evaluation();

    assertThat(grid.size()).isEqualTo(500);
    assertThat(grid.cells()).hasSize(500);
    assertThat(grid.checkpoints())
        .extracting(c -> c.epoch().getAsInt())
        .containsExactly(5, 7, 8, 9); // the final file records epoch 9, see above
    assertThat(grid.prompts().get(0)).startsWith("maya_char, portrait");
    EvaluationCell first = grid.cells().get(0);
    EvaluationCell last = grid.cells().get(499);
    assertThat(first.promptIndex()).isZero();
    assertThat(first.prompt()).isEqualTo(grid.prompts().get(0));
    assertThat(first.seed()).isEqualTo(EvaluationGrid.FIRST_SEED);
    assertThat(first.strength()).isEqualTo(0.6);
    assertThat(last.promptIndex()).isEqualTo(4);
    assertThat(last.prompt()).isEqualTo(grid.prompts().get(4));
    assertThat(last.seed()).isEqualTo(EvaluationGrid.FIRST_SEED + 4);
    assertThat(last.checkpoint()).isEqualTo(grid.checkpoints().get(3));
    assertThat(grid.cells().get(25).promptIndex()).isEqualTo(1);
  }

  @Test
  void plan_unknownCounts_throwsWithTheReason() {
    LoraProject unknown =
        LoraProject.builder()
            .from(guideIntent())
            .dataset(
                DatasetSpec.builder()
                    .addFolder(DatasetFolder.fromFolderName("40_maya_char"))
                    .build())
            .build();

    assertThatThrownBy(() -> TrainingPlanner.defaults().plan(unknown))
        .isInstanceOf(LoraValidationException.class)
        .hasMessageContaining("dataset.counts-unknown");
  }

  @Test
  void midToLate_picksEvenlyFromTheMiddleEpoch() {
    List<Checkpoint> ten = TrainingPlanner.defaults().plan(guideIntent()).checkpoints();

    assertThat(EvaluationGrid.midToLate(ten, 10)).hasSize(6);
    assertThat(EvaluationGrid.midToLate(ten, 1)).hasSize(1);
    assertThat(EvaluationGrid.midToLate(List.of(), 4)).isEmpty();
  }

  private static LoraProject withQuant(
      LoraProject p, boolean cacheText, String qtype, BaseModel adapterFor) {
    dev.lorakit.core.training.ImmutableQuantization.Builder q = Quantization.builder().qtype(qtype);
    if (adapterFor != null) {
      q.accuracyRecoveryAdapter(adapterFor.accuracyRecoveryAdapters().get(0));
    }
    return LoraProject.builder()
        .from(p)
        .training(
            TrainingParameters.builder()
                .from(p.training())
                .cacheTextEmbeddings(cacheText)
                .quantization(q.build())
                .build())
        .build();
  }

  @Test
  void evaluation_sampleEntries_areTheGridWithoutTheCheckpointAxis() {
    EvaluationGrid grid = TrainingPlanner.defaults().plan(guideIntent()).evaluation();

    List<Map<String, Object>> entries = grid.sampleEntries(List.of("control/img001.jpg"));

    assertThat(entries).hasSize(125);
    assertThat(entries.get(0))
        .containsEntry("prompt", "[trigger], portrait, smiling, soft lighting")
        .containsEntry("seed", 42L)
        .containsEntry("network_multiplier", 0.6)
        .containsEntry("ctrl_img_1", "control/img001.jpg");
  }
}
