package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepBudgetTest {

  private static LoraProject guideWith(TrainingParameters training) {
    return LoraProject.builder()
        .name("maya")
        .trigger(TriggerWord.of("maya_char"))
        .dataset(ExampleProjects.guideDataset())
        .training(training)
        .build();
  }

  @Test
  void compute_guideDefaults_tenEpochsWithAccumulationFourAre8500Steps() {
    StepBudget b =
        StepBudget.compute(guideWith(TrainingParameters.builder().build())).orElseThrow();

    assertThat(b.samplesPerEpoch()).isEqualTo(3400);
    assertThat(b.batchesPerEpoch()).isEqualTo(3400);
    assertThat(b.stepsPerEpoch()).isEqualTo(850.0);
    assertThat(b.totalSteps()).isEqualTo(8500);
    assertThat(b.optimizerSteps()).isEqualTo(8500);
    assertThat(b.imagesSeen()).isEqualTo(34_000);
    assertThat(b.saveEvery()).isEqualTo(850);
    assertThat(b.checkpointSteps())
        .containsExactly(850, 1700, 2550, 3400, 4250, 5100, 5950, 6800, 7650, 8500);
    assertThat(b.formula())
        .contains("total steps   = 8500 (10 epochs)")
        .contains("9 step checkpoints");
    assertThat(b.intermediateCheckpoints()).isEqualTo(9);
  }

  @Test
  void compute_legacyAccumulation_stepsCountMicroBatches() {
    TrainingParameters legacy =
        TrainingParameters.builder()
            .gradientAccumulation(1)
            .gradientAccumulationSteps(4)
            .length(TrainingLength.steps(3400))
            .build();

    StepBudget b = StepBudget.compute(guideWith(legacy)).orElseThrow();

    assertThat(b.totalSteps()).isEqualTo(3400);
    assertThat(b.epochs()).isEqualTo(1.0);
    assertThat(b.optimizerSteps()).isEqualTo(850);
    assertThat(b.imagesSeen()).isEqualTo(3400);
  }

  @Test
  void compute_duplicateResolution_doublesTheEpoch() {
    TrainingParameters twice =
        TrainingParameters.builder().resolutions(List.of(1024, 1024)).build();

    StepBudget b = StepBudget.compute(guideWith(twice)).orElseThrow();

    assertThat(b.samplesPerEpoch()).isEqualTo(6800);
    assertThat(b.totalSteps()).isEqualTo(17_000);
  }

  @Test
  void compute_batchSizeRoundsUpPerFolder() {
    LoraProject project =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(
                DatasetSpec.builder()
                    .addFolder(DatasetFolder.fromFolderName("3_a").withImageCount(5))
                    .addFolder(DatasetFolder.fromFolderName("1_b_realbody").withImageCount(3))
                    .build())
            .training(
                TrainingParameters.builder()
                    .batchSize(2)
                    .gradientAccumulation(1)
                    .length(TrainingLength.epochs(2))
                    .save(SavePolicy.builder().saveEvery(5).build())
                    .build())
            .build();

    StepBudget b = StepBudget.compute(project).orElseThrow();

    // ceil(15 / 2) + ceil(3 / 2) = 8 + 2
    assertThat(b.batchesPerEpoch()).isEqualTo(10);
    assertThat(b.totalSteps()).isEqualTo(20);
    assertThat(b.checkpointSteps()).containsExactly(5, 10, 15, 20);
  }

  @Test
  void compute_unknownImageCounts_isEmpty() {
    LoraProject project =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(DatasetSpec.builder().addFolder(DatasetFolder.fromFolderName("40_a")).build())
            .build();

    assertThat(StepBudget.compute(project)).isEmpty();
  }

  @Test
  void compute_realSizes_countBatchesPerBucket() {
    LoraProject project =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(DatasetSpec.builder().addFolder(DatasetFolder.fromFolderName("1_a")).build())
            .training(
                TrainingParameters.builder()
                    .batchSize(2)
                    .gradientAccumulation(1)
                    .length(TrainingLength.epochs(1))
                    .build())
            .build();
    // 3 square, 1 portrait and 1 landscape image: 3 buckets, ceil(3/2) + 1 + 1 batches
    List<ImageSize> sizes =
        List.of(
            ImageSize.of(2048, 2048),
            ImageSize.of(1024, 1024),
            ImageSize.of(1500, 1500),
            ImageSize.of(832, 1216),
            ImageSize.of(1216, 832));

    StepBudget b =
        StepBudget.compute(project, TrainerSemantics.AI_TOOLKIT, java.util.Map.of("1_a", sizes))
            .orElseThrow();

    assertThat(b.buckets()).isEqualTo(3);
    assertThat(b.batchesPerEpoch()).isEqualTo(4);
    // get_bucket_for_image_size (toolkit/buckets.py l.17-50 @27a03a91), run on these sizes
    assertThat(ImageSize.of(700, 900).bucket(1024, 32)).isEqualTo(ImageSize.of(704, 896));
    assertThat(ImageSize.of(4000, 3000).bucket(1024, 32)).isEqualTo(ImageSize.of(1152, 896));
  }

  @Test
  void compute_kohyaWithRegularization_padsToTrainingSamples() {
    LoraProject project =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(
                DatasetSpec.builder()
                    .addFolder(DatasetFolder.fromFolderName("10_a").withImageCount(20))
                    .addFolder(DatasetFolder.fromFolderName("1_woman_reg").withImageCount(50))
                    .build())
            .training(
                TrainingParameters.builder()
                    .batchSize(2)
                    .gradientAccumulation(4)
                    .length(TrainingLength.epochs(10))
                    .build())
            .build();

    StepBudget b =
        StepBudget.compute(project, TrainerSemantics.KOHYA, java.util.Map.of()).orElseThrow();

    // peers.md: 200 samples + 200 padded reg samples, batch 2 -> 200 batches, GA 4 -> 50
    // steps/epoch
    assertThat(b.samplesPerEpoch()).isEqualTo(400);
    assertThat(b.stepsPerEpoch()).isEqualTo(50.0);
    assertThat(b.totalSteps()).isEqualTo(500);
  }
}
