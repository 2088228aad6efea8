package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step arithmetic of ai-toolkit 27a03a91 (the pinned image 0.12.26), audit rows 4, 5, 8, 9 and
 * 17. Expected values come from running ai-toolkit's own code on these inputs (buckets) or from the
 * audit's runs, whose source lines are cited per test.
 */
class AiToolkitStepFactsTest {

  private static LoraProject project(DatasetSpec dataset, TrainingParameters training) {
    return LoraProject.builder()
        .name("mix")
        .trigger(TriggerWord.of("ohwx"))
        .dataset(dataset)
        .training(training)
        .build();
  }

  @Test
  void bucket_nearestAreaAtOrBelowResolutionSquared_asGetBucketForImageSize() {
    // toolkit/buckets.py get_bucket_for_image_size l.17-50 @27a03a91, run on these sizes:
    // 1000x700 -> 992x704 (audit row 8), 700x1000 -> 704x992, 2000x1400 -> 1248x832,
    // 640x480 at 512 -> 576x448 (slightly upscaled: the cap is resolution^2, not the image area)
    assertThat(ImageSize.of(1000, 700).bucket(1024, 32)).isEqualTo(ImageSize.of(992, 704));
    assertThat(ImageSize.of(700, 1000).bucket(1024, 32)).isEqualTo(ImageSize.of(704, 992));
    assertThat(ImageSize.of(2000, 1400).bucket(1024, 32)).isEqualTo(ImageSize.of(1248, 832));
    assertThat(ImageSize.of(640, 480).bucket(512, 32)).isEqualTo(ImageSize.of(576, 448));
    assertThat(ImageSize.of(2048, 2048).bucket(1024, 32)).isEqualTo(ImageSize.of(1024, 1024));
  }

  @Test
  void bucket_beforeTheRewrite_scalesByTheAreaRatio() {
    // toolkit/buckets.py at 15082cfb^ (before 2026-05-28): scaler = target / total, floored;
    // run on these sizes: 2000x1400 -> 736x512, 700x900 -> 672x896, 1000x700 -> 992x672
    TrainerVersion old = TrainerVersion.of(LocalDate.of(2026, 5, 1));
    assertThat(ImageSize.of(2000, 1400).bucket(1024, 32, old)).isEqualTo(ImageSize.of(736, 512));
    assertThat(ImageSize.of(700, 900).bucket(1024, 32, old)).isEqualTo(ImageSize.of(672, 896));
    assertThat(ImageSize.of(1000, 700).bucket(1024, 32, old)).isEqualTo(ImageSize.of(992, 672));
    assertThat(ImageSize.of(1000, 700).bucket(1024, 32, TrainerVersion.PINNED))
        .isEqualTo(ImageSize.of(992, 704));
  }

  @Test
  void compute_mixedAspectBatchTwo_countsPaddedBatchesPerBucket() {
    // audit row 8, run lorakit_mix2_batch2: buckets {992x704: 6, 704x992: 2, 1024x1024: 1};
    // build_batch_indices (dataloader_mixins.py l.199-210) pads each bucket: 3 + 1 + 1 = 5
    List<ImageSize> sizes = new ArrayList<>(Collections.nCopies(6, ImageSize.of(1000, 700)));
    sizes.addAll(Collections.nCopies(2, ImageSize.of(700, 1000)));
    sizes.add(ImageSize.of(1024, 1024));
    LoraProject p =
        project(
            DatasetSpec.builder().addFolder(DatasetFolder.fromFolderName("1_mix")).build(),
            TrainingParameters.builder()
                .batchSize(2)
                .gradientAccumulation(1)
                .length(TrainingLength.epochs(10))
                .build());

    StepBudget b =
        StepBudget.compute(p, TrainerSemantics.AI_TOOLKIT, Map.of("1_mix", sizes)).orElseThrow();

    assertThat(b.buckets()).isEqualTo(3);
    assertThat(b.batchesPerEpoch()).isEqualTo(5);
    assertThat(b.totalSteps()).isEqualTo(50);
    assertThat(b.saveEvery()).isEqualTo(5);
    assertThat(b.epochs()).isEqualTo(10.0);
  }

  @Test
  void compute_regularisationFolder_hasItsOwnLoaderOnEvenSteps() {
    // audit row 5, run lorakit_reg: 90 training + 20 reg samples, steps 1100, save_every 110 and
    // sample_every 110. BaseSDTrainProcess l.2569: even steps that are not save/sample steps draw
    // from the reg loader. ai-toolkit went through the training data 6.2 times and recorded
    // training_info.epoch 0,1,1,2,3,3,4,4,5 at the saves.
    LoraProject p =
        LoraProject.builder()
            .from(
                project(
                    DatasetSpec.builder()
                        .addFolder(DatasetFolder.fromFolderName("1_ohwx").withImageCount(90))
                        .addFolder(DatasetFolder.fromFolderName("1_woman_reg").withImageCount(20))
                        .build(),
                    TrainingParameters.builder()
                        .batchSize(1)
                        .gradientAccumulation(1)
                        .length(TrainingLength.steps(1100))
                        .save(SavePolicy.builder().saveEvery(110).build())
                        .build()))
            .sampling(SamplingSettings.builder().sampleEvery(110).build())
            .build();

    StepBudget b = StepBudget.compute(p).orElseThrow();

    assertThat(b.samplesPerEpoch()).isEqualTo(90);
    assertThat(b.regularizationSamplesPerEpoch()).isEqualTo(20);
    assertThat(b.trainingLoopSteps()).isEqualTo(560);
    assertThat(b.epochs()).isCloseTo(6.22, org.assertj.core.data.Offset.offset(0.01));
    assertThat(b.checkpointSteps().subList(0, 9))
        .extracting(b::recordedEpochAt)
        .containsExactly(0, 1, 1, 2, 3, 3, 4, 4, 5);
  }

  @Test
  void compute_regularisationByEpochs_stepsCoverTheTrainingEpochs() {
    LoraProject p =
        project(
            DatasetSpec.builder()
                .addFolder(DatasetFolder.fromFolderName("1_ohwx").withImageCount(90))
                .addFolder(DatasetFolder.fromFolderName("1_woman_reg").withImageCount(20))
                .build(),
            TrainingParameters.builder()
                .batchSize(1)
                .gradientAccumulation(1)
                .length(TrainingLength.epochs(10))
                .build());

    StepBudget b = StepBudget.compute(p).orElseThrow();

    // one epoch = 90 training draws: step 0 (a save step) and the 89 odd steps below 178
    assertThat(b.oneEpochSaveEvery()).isEqualTo(178);
    assertThat(b.trainingStepsThrough(177)).isEqualTo(90);
    assertThat(b.trainingLoopSteps()).isEqualTo(900);
    assertThat(b.epochs()).isEqualTo(10.0);
    assertThat(b.totalSteps()).isBetween(1780, 1800);
    // the first save is after exactly one epoch (draw 91 rolled the iterator over)
    assertThat(b.recordedEpochAt(b.saveEvery())).isEqualTo(1);
  }

  @Test
  void compute_gradientAccumulationStepsMinusOne_updatesOncePerEpoch() {
    // audit row 9, run lorakit_v_gasm1: BaseSDTrainProcess l.2590-2596 steps the optimizer when
    // the training iterator runs out; 10 epochs of 90 batches make 9 updates
    LoraProject p =
        project(
            DatasetSpec.builder()
                .addFolder(DatasetFolder.fromFolderName("1_ohwx").withImageCount(90))
                .build(),
            TrainingParameters.builder()
                .gradientAccumulation(1)
                .gradientAccumulationSteps(-1)
                .length(TrainingLength.epochs(10))
                .build());

    StepBudget b = StepBudget.compute(p).orElseThrow();

    assertThat(b.accumulationMode()).isEqualTo(AccumulationMode.PER_EPOCH);
    assertThat(b.totalSteps()).isEqualTo(900);
    assertThat(b.optimizerSteps()).isEqualTo(9);
    assertThat(b.formula()).contains("updates       = 9 ");
  }

  @Test
  void recordedEpochAt_fileAfterLoopIndexAndLazyRollOver() {
    // audit row 17, run lorakit_demo: the final file of a 10-epoch run of 180 steps per epoch
    // records {step: 1800, epoch: 9}; the file _180 is written after loop index 180 (181 steps)
    LoraProject p =
        project(
            DatasetSpec.builder()
                .addFolder(DatasetFolder.fromFolderName("1_ohwx").withImageCount(180))
                .build(),
            TrainingParameters.builder()
                .gradientAccumulation(1)
                .length(TrainingLength.epochs(10))
                .build());

    StepBudget b = StepBudget.compute(p).orElseThrow();

    assertThat(b.totalSteps()).isEqualTo(1800);
    assertThat(b.recordedEpochAt(1800)).isEqualTo(9);
    assertThat(b.recordedEpochAt(180)).isEqualTo(1);
    assertThat(b.recordedEpochAt(179)).isEqualTo(0);
  }
}
