package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The project rules at and around their bounds, with the message, hint, value and bound each
 * reports. Expected numbers come from the guide (reference/qwen-character-lora-guide.md) and the
 * trainer's step semantics (reference/ai-toolkit.md §3.2-§3.3, §4.3, §6.1): the guide's dataset is
 * 70 x 40 + 30 x 20 = 3,400 samples an epoch; with batch 1 and gradient_accumulation 4 one step
 * takes 4 batches, so an epoch is 850 steps and 10 epochs are 8,500.
 */
class ProjectRuleBoundsTest {

  private static LoraProject guide(
      UnaryOperator<dev.lorakit.core.project.ImmutableLoraProject.Builder> change) {
    return change
        .apply(
            LoraProject.builder()
                .name("maya_char_lora")
                .trigger(TriggerWord.of("maya_char"))
                .baseModel(BaseModel.QWEN_IMAGE_2512)
                .dataset(ExampleProjects.guideDataset()))
        .build();
  }

  private static LoraProject training(
      UnaryOperator<dev.lorakit.core.training.ImmutableTrainingParameters.Builder> training) {
    return guide(b -> b.training(training.apply(TrainingParameters.builder()).build()));
  }

  private static List<Violation> fired(LoraProject p, String id) {
    return RuleEngine.qwenCharacter().check(p).withRule(id);
  }

  private static Violation one(LoraProject p, String id) {
    List<Violation> found = fired(p, id);
    assertThat(found).as(id).hasSize(1);
    return found.get(0);
  }

  // --- length and saving (LengthRules)

  @Test
  void stepsAndEpochs_withinOnePercentAgree_outsideDisagree() {
    // 10 epochs are 8,500 steps; lorakit tolerates 1 % (85 steps) of rounding.
    assertThat(
            fired(
                training(t -> t.length(TrainingLength.of(10, 8585))),
                "training.steps-epochs-inconsistent"))
        .isEmpty();
    assertThat(
            fired(
                training(t -> t.length(TrainingLength.of(10, 8415))),
                "training.steps-epochs-inconsistent"))
        .isEmpty();
    assertThat(
            fired(
                training(t -> t.length(TrainingLength.of(10, 8414))),
                "training.steps-epochs-inconsistent"))
        .hasSize(1);
    Violation v =
        one(
            training(t -> t.length(TrainingLength.of(10, 8586))),
            "training.steps-epochs-inconsistent");
    assertThat(v.hint()).isEqualTo("set train.steps to 8500 for 10 epochs, or drop one of the two");
    assertThat(v.value()).hasValue("8586");
    assertThat(v.bound()).hasValue("8500");
  }

  @Test
  void stepsAndEpochs_guidesTenEpochsOf3400Steps_isFourEpochs() {
    // guide "Training Duration": steps 3400 and epochs 10; with accumulation 4 the 3,400 steps
    // are 3400 / 850 = 4 epochs (ai-toolkit.md §3.3: steps count optimizer updates).
    Violation v =
        one(
            training(t -> t.length(TrainingLength.of(10, 3400))),
            "training.steps-epochs-inconsistent");
    assertThat(v.message())
        .isEqualTo(
            "3400 steps are 4 epochs of this dataset (850 steps each), not the 10 epochs asked for");
  }

  @Test
  void epochsFromSteps_halfAnEpochOfSlackAbove15() {
    // 15.5 epochs = 13,175 steps: still the guide's "12-15 epochs" after rounding up.
    assertThat(
            fired(training(t -> t.length(TrainingLength.steps(13175))), "training.epochs-too-many"))
        .isEmpty();
    Violation v =
        one(training(t -> t.length(TrainingLength.steps(13260))), "training.epochs-too-many");
    // 13,260 / 850 = 15.6 epochs
    assertThat(v.message()).isEqualTo("15.6 epochs are more than the 15 a character needs");
    assertThat(v.bound()).hasValue("15");
    // 7 epochs = 5,950 steps: below the guide's 8-10.
    Violation few =
        one(training(t -> t.length(TrainingLength.steps(5950))), "training.epochs-too-few");
    assertThat(few.message()).isEqualTo("7 epochs are fewer than the recommended 8-10");
    assertThat(
            fired(training(t -> t.length(TrainingLength.steps(6800))), "training.epochs-too-few"))
        .isEmpty();
  }

  @Test
  void saveEvery_guides340_isFourTenthsOfAnEpoch() {
    // guide "Configuration File": save_every 340 ("Every epoch (3400 steps / 10)").
    Violation v =
        one(
            training(t -> t.save(SavePolicy.builder().saveEvery(340).build())),
            "save.every-not-one-epoch");
    assertThat(v.message()).isEqualTo("save_every 340 is 0.4 epochs; one epoch is 850 steps");
    assertThat(v.hint()).isEqualTo("set save.save_every to 850");
    assertThat(
            fired(
                training(t -> t.save(SavePolicy.builder().saveEvery(850).build())),
                "save.every-not-one-epoch"))
        .isEmpty();
  }

  @Test
  void keep_nineStepFilesOfTenEpochs_isEnough() {
    // ai-toolkit.md §6.1: step files at 850 ... 7650 (9 of them) and the final file; the trainer
    // keeps the newest max_step_saves_to_keep step files.
    assertThat(
            fired(
                training(t -> t.save(SavePolicy.builder().keep(9).build())),
                "save.fewer-kept-than-saves"))
        .isEmpty();
    Violation v =
        one(
            training(t -> t.save(SavePolicy.builder().keep(8).build())),
            "save.fewer-kept-than-saves");
    assertThat(v.message())
        .isEqualTo("only 8 of 9 step checkpoints are kept; older ones are deleted during training");
    assertThat(v.hint()).isEqualTo("set save.max_step_saves_to_keep to 9");
  }

  // --- resolution (ResolutionRules)

  @Test
  void resolution_largestEntryCounts_andBucketsRoundDownTo32() {
    // guide "Quality Requirements": 1024x1024 minimum; ai-toolkit.md §4.3: buckets are multiples
    // of 32 and never upscale, so 1000 trains as 992.
    assertThat(fired(training(t -> t.resolutions(List.of(512, 1024))), "resolution.below-1024"))
        .isEmpty();
    Violation low = one(training(t -> t.resolutions(List.of(512, 768))), "resolution.below-1024");
    assertThat(low.message()).isEqualTo("largest resolution 768 is below 1024");
    assertThat(low.value()).hasValue("768");
    assertThat(fired(training(t -> t.resolutions(List.of(1023))), "resolution.below-1024"))
        .hasSize(1);

    Violation odd =
        one(training(t -> t.resolutions(List.of(1000, 1024))), "resolution.not-multiple-of-32");
    assertThat(odd.message())
        .isEqualTo("resolution 1000 is not a multiple of 32; buckets round it to 992");
    assertThat(odd.hint()).isEqualTo("use 992");
    assertThat(
            fired(
                training(t -> t.resolutions(List.of(1024, 992))), "resolution.not-multiple-of-32"))
        .isEmpty();
  }

  // --- optimizer and network

  @Test
  void learningRateAndRank_hardBoundsLeftToInvalidValue() {
    // rank 0 and lr 0 are not "outside the range": the trainer cannot take them at all.
    LoraProject rank0 =
        training(t -> t.network(NetworkSettings.builder().rank(0).alpha(0).build()));
    assertThat(fired(rank0, "network.rank-out-of-range")).isEmpty();
    assertThat(fired(rank0, "model.invalid-value")).isNotEmpty();
    LoraProject lr0 = training(t -> t.learningRate(0));
    assertThat(fired(lr0, "optimizer.lr-too-low")).isEmpty();
    assertThat(fired(lr0, "model.invalid-value")).isNotEmpty();
  }

  @Test
  void learningRate_adaptiveOptimizer_isAMultiplierNotARate() {
    // prodigy sets its own step size; lr 1.0 is its usual multiplier.
    assertThat(
            fired(
                training(t -> t.optimizer(Optimizer.PRODIGY).learningRate(1.0)),
                "optimizer.lr-too-high"))
        .isEmpty();
    assertThat(
            fired(
                training(t -> t.optimizer(Optimizer.PRODIGY).learningRate(1e-6)),
                "optimizer.lr-too-low"))
        .isEmpty();
  }

  @Test
  void rank_hintsPointBackToTheGuidesSixteen() {
    // guide "Why rank 16?": 16 is the sweet spot, 16-64 the range. Rank 1, the smallest the
    // trainer takes, is far below it.
    assertThat(
            fired(
                training(t -> t.network(NetworkSettings.builder().rank(1).alpha(1).build())),
                "network.rank-out-of-range"))
        .hasSize(1);
    assertThat(
            one(
                    training(t -> t.network(NetworkSettings.builder().rank(8).alpha(8).build())),
                    "network.rank-out-of-range")
                .hint())
        .isEqualTo(
            "raise network.linear to 16 unless you lowered it on purpose for background bleed");
    Violation high =
        one(
            training(t -> t.network(NetworkSettings.builder().rank(96).alpha(96).build())),
            "network.rank-out-of-range");
    assertThat(high.message()).isEqualTo("rank 96 is outside the recommended 16-64");
    assertThat(high.hint()).isEqualTo("lower network.linear to 16-32");
  }

  @Test
  void emaDecay_zeroAndOneAreOutsideTheRange() {
    // guide "EMA": 0.999; a decay of 1 never moves the EMA weights, 0 is no smoothing at all.
    assertThat(
            one(training(t -> t.ema(EmaSettings.of(true, 1.0))), "ema.decay-out-of-range")
                .message())
        .isEqualTo("EMA decay 1 is outside 0.99-0.9999");
    assertThat(
            one(training(t -> t.ema(EmaSettings.of(true, 0.0))), "ema.decay-out-of-range")
                .message())
        .isEqualTo("EMA decay 0 is outside 0.99-0.9999");
  }

  @Test
  void learningRate_nonFinite_isAnInvalidValue() {
    // Jakarta's @Positive lets NaN through; the trainer would train nothing.
    List<Violation> found = fired(training(t -> t.learningRate(Double.NaN)), "model.invalid-value");
    assertThat(found)
        .extracting(Violation::message)
        .contains("train.lr NaN is not a finite number");
  }

  // --- batch (BatchRules)

  private static LoraProject edit(int batch, boolean cache, boolean textOnly) {
    dev.lorakit.core.dataset.ImmutableDatasetSpec.Builder spec = DatasetSpec.builder();
    for (DatasetFolder f : ExampleProjects.guideDataset().folders()) {
      spec.addFolder(ImmutableDatasetFolder.copyOf(f).withControlFolders("control"));
    }
    return guide(
        b -> {
          b.baseModel(BaseModel.QWEN_IMAGE_EDIT_2509)
              .dataset(spec.build())
              .training(
                  TrainingParameters.builder().batchSize(batch).cacheTextEmbeddings(cache).build());
          return textOnly ? b.archOverride("qwen_image") : b;
        });
  }

  @Test
  void batchOnEdit_needsCachedEmbeddingsOnlyOnTheEditArch() {
    // ai-toolkit.md §4.5, §8.4 (issues #487, #862): batch > 1 on Edit-2509 fails unless the text
    // embeddings are cached.
    Violation v = one(edit(2, false, false), "batch.edit-without-cached-embeddings");
    assertThat(v.value()).hasValue("2");
    assertThat(fired(edit(1, false, false), "batch.edit-without-cached-embeddings")).isEmpty();
    assertThat(fired(edit(2, true, false), "batch.edit-without-cached-embeddings")).isEmpty();
    assertThat(fired(edit(2, false, true), "batch.edit-without-cached-embeddings")).isEmpty();
    assertThat(fired(training(t -> t.batchSize(2)), "batch.edit-without-cached-embeddings"))
        .isEmpty();
  }

  // --- sample prompts (SamplingRules)

  private static LoraProject prompts(LoraProject p, SamplePrompt... prompts) {
    return LoraProject.builder()
        .from(p)
        .sampling(SamplingSettings.builder().prompts(List.of(prompts)).build())
        .build();
  }

  @Test
  void samplePrompt_triggerInAnyCaseOrThePlaceholder_isFound() {
    // ai-toolkit.md §2.6: the trainer replaces [trigger] in sample prompts and adds nothing else.
    LoraProject p =
        prompts(
            guide(b -> b),
            SamplePrompt.of("MAYA_CHAR, portrait"),
            SamplePrompt.of("[trigger], full body"),
            SamplePrompt.of("a woman, portrait"));
    Violation v = one(p, "sample.prompt-missing-trigger");
    assertThat(v.path()).isEqualTo("sample.samples[2].prompt");
    assertThat(v.message()).isEqualTo("sample prompt 'a woman, portrait' has no trigger");
    LoraProject noTrigger =
        prompts(guide(b -> b.trigger(TriggerWord.of(""))), SamplePrompt.of("portrait"));
    assertThat(fired(noTrigger, "sample.prompt-missing-trigger")).hasSize(1);
  }

  @Test
  void samplePrompt_withoutControlOnEditWithControlFolders_isAnError() {
    // ai-toolkit.md §4.1: a sample prompt without ctrl_img raises "Missing control images".
    LoraProject p =
        prompts(
            edit(1, false, false),
            SamplePrompt.of("maya_char, portrait", List.of("control/a.png")),
            SamplePrompt.of("maya_char, full body"));
    Violation v = one(p, "sample.missing-control-image");
    assertThat(v.path()).isEqualTo("sample.samples[1].ctrl_img_1");
    assertThat(v.message())
        .isEqualTo("sample prompt 2 has no control image; qwen-image-edit-2509 needs one");
    assertThat(
            fired(
                prompts(edit(1, false, true), SamplePrompt.of("maya_char")),
                "sample.missing-control-image"))
        .isEmpty();
  }

  @Test
  void samplePrompt_environmentVariable_isAFlagToo() {
    // ai-toolkit.md §1: ${VAR} is substituted from the environment and raises when unset.
    assertThat(
            fired(
                prompts(guide(b -> b), SamplePrompt.of("maya_char in ${HOME}")),
                "sample.prompt-has-flag"))
        .hasSize(1);
    assertThat(
            fired(
                prompts(guide(b -> b), SamplePrompt.of("maya_char - portrait")),
                "sample.prompt-has-flag"))
        .isEmpty();
  }

  // --- quantization (QuantizationRules)

  @Test
  void quantization_fourBitsNeedAnAdapter_fiveDoNot() {
    // guide "Quantization": "int4/int2 require Accuracy Recovery Adapter (ARA)"; ostris publishes
    // qwen_image_2512_torchao_uint3 for Qwen-Image-2512 (issue 11, ai-toolkit.md §2.1).
    Violation v =
        one(
            training(t -> t.quantization(Quantization.builder().qtype("uint4").build())),
            "quantization.low-bit-without-adapter");
    assertThat(v.message()).isEqualTo("qtype uint4 is 4-bit without an accuracy-recovery adapter");
    assertThat(v.hint())
        .isEqualTo(
            "use qfloat8 on 48 GB, or"
                + " uint3|ostris/accuracy_recovery_adapters/qwen_image_2512_torchao_uint3.safetensors");
    assertThat(
            fired(
                training(t -> t.quantization(Quantization.builder().qtype("uint5").build())),
                "quantization.low-bit-without-adapter"))
        .isEmpty();
  }

  @Test
  void quantization_unknownTextEncoderQtype_reportedAtItsKey() {
    // ai-toolkit.md §2.1: an unknown qtype raises a KeyError after the download; qtype_te too.
    Violation v =
        one(
            training(
                t ->
                    t.quantization(
                        Quantization.builder()
                            .quantizeTextEncoder(true)
                            .textEncoderQtype("qfloat9")
                            .build())),
            "quantization.unknown-qtype");
    assertThat(v.path()).isEqualTo("model.qtype_te");
    assertThat(v.message()).isEqualTo("qtype qfloat9 is not a known quantization type");
    assertThat(v.hint()).startsWith("did you mean ").endsWith("? use qfloat8 for 48 GB");
  }

  // --- trainer (TrainerRules)

  @Test
  void projectName_blankIsNotReportedAsUnsafe() {
    assertThat(fired(guide(b -> b.name("")), "project.name-not-file-safe")).isEmpty();
    Violation v = one(guide(b -> b.name("Maya LoRA v2")), "project.name-not-file-safe");
    assertThat(v.hint()).isEqualTo("use letters, digits, '_' and '-' only, e.g. Maya_LoRA_v2");
  }
}
