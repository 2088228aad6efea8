package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.ControlRules;
import dev.lorakit.core.training.ImmutableTrainingParameters;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.ValidationSettings;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One case per row of {@code reference/ai-toolkit-audit.md} §1 that the writer or lint holds; each
 * expected value comes from the ai-toolkit 27a03a91 line cited next to it.
 */
class AiToolkitFactsTest {
  private static final AiToolkitWriter WRITER = AiToolkitWriter.create();
  private static final AiToolkitLinter LINTER = AiToolkitLinter.standard();

  private static LoraProject onQwenImage() {
    return ImmutableLoraProject.copyOf(TestProjects.guide()).withBaseModel(BaseModel.QWEN_IMAGE);
  }

  private static LoraProject withTraining(
      LoraProject p, java.util.function.UnaryOperator<ImmutableTrainingParameters> change) {
    return ImmutableLoraProject.copyOf(p)
        .withTraining(change.apply(ImmutableTrainingParameters.copyOf(p.training())));
  }

  /** A minimal config with one dataset and one sample, for lint cases. */
  private static String config(
      String arch, String repo, String model, String train, String dataset, String sample) {
    return "job: extension\nconfig:\n  name: x\n  process:\n    - type: diffusion_trainer\n"
        + "      training_folder: output\n      trigger_word: ohwx\n"
        + "      network:\n        type: lora\n        linear: 16\n"
        + "      datasets:\n        - folder_path: /d/a\n          control_path: [/d/c]\n"
        + dataset
        + "      train:\n        steps: 100\n        noise_scheduler: flowmatch\n"
        + train
        + "      model:\n        name_or_path: "
        + repo
        + "\n        arch: "
        + arch
        + "\n"
        + model
        + "      sample:\n        samples:\n          - prompt: \"ohwx a\"\n"
        + sample;
  }

  private static String qwenImage(String model, String train, String dataset, String sample) {
    return config("qwen_image", "Qwen/Qwen-Image", model, train, dataset, sample);
  }

  private static List<String> rules(ValidationReport r, Severity s) {
    List<String> out = new ArrayList<>();
    for (Violation v : r.violations()) {
      if (v.severity() == s) {
        out.add(v.ruleId());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- row 1

  @Test
  void row1_originalEdit_samplesReadCtrlImgOnly() {
    // qwen_image_edit.py generate_single_image l.97-105 reads only gen_config.ctrl_img;
    // SampleItem l.63 copies ctrl_img into ctrl_img_1, never the other way
    LoraProject p =
        ImmutableLoraProject.copyOf(TestProjects.guideWithControls())
            .withBaseModel(BaseModel.QWEN_IMAGE_EDIT);
    String yaml = WRITER.toYaml(p);
    assertThat(yaml).contains("ctrl_img: \"dataset/control/a.png\"").doesNotContain("ctrl_img_1");
    assertThat(LINTER.lint(yaml).errors()).isEmpty();

    String ctrl1 =
        config(
            "qwen_image_edit",
            "Qwen/Qwen-Image-Edit",
            "",
            "",
            "",
            "            ctrl_img_1: /d/c/a.png\n");
    // config.missing-sample-control-image is an alias of sample.missing-control-image now.
    assertThat(LINTER.lint(ctrl1).withRule("sample.missing-control-image"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("reads only ctrl_img"));
  }

  // ---------------------------------------------------------------- rows 2, 3, 15

  @Test
  void row2_schedulersThatNeverConstruct_areErrors() {
    // scheduler.py l.23-27 StepLR(total_iters=...) TypeError; l.45-57 polynomial rejects
    // total_iters and inverse_sqrt is not a SchedulerType of diffusers c9438378
    for (String name : List.of("step", "polynomial", "piecewise_constant", "inverse_sqrt")) {
      ValidationReport r =
          LINTER.lint(qwenImage("", "        lr_scheduler: " + name + "\n", "", ""));
      assertThat(r.withRule("config.lr-scheduler-unavailable")).as(name).hasSize(1);
      assertThat(WRITER.check(withTraining(onQwenImage(), t -> t.withLrScheduler(name))).errors())
          .extracting(Violation::ruleId)
          .contains("config.trainer-refuses-setting");
    }
    // l.11-44: these construct
    for (String name : List.of("constant", "cosine", "cosine_with_restarts")) {
      ValidationReport r =
          LINTER.lint(qwenImage("", "        lr_scheduler: " + name + "\n", "", ""));
      assertThat(r.errors()).as(name).isEmpty();
    }
  }

  @Test
  void row3_optimizersMissingOnTheImage_areErrors() {
    // optimizer.py l.13 needs the prefix 'dadaptation' (dadaptadam falls to l.110), l.15 and l.82
    // import packages absent from requirements*.txt and docker/Dockerfile
    for (String name : List.of("dadaptadam", "dadaptation", "lion")) {
      ValidationReport r = LINTER.lint(qwenImage("", "        optimizer: " + name + "\n", "", ""));
      assertThat(r.withRule("config.optimizer-unavailable")).as(name).hasSize(1);
    }
    assertThat(LINTER.lint(qwenImage("", "        optimizer: adamw8bit\n", "", "")).errors())
        .isEmpty();
    assertThat(
            WRITER
                .check(withTraining(onQwenImage(), t -> t.withOptimizer(Optimizer.LION)))
                .errors())
        .extracting(Violation::ruleId)
        .contains("config.trainer-refuses-setting");
  }

  @Test
  void row15_linearAndWarmup_getTheParametersThatMakeThemMeanIt() {
    // scheduler.py l.33-36: LinearLR defaults start_factor 1/3 (LR rises); l.38-44: 1000 warm-up
    // steps without num_warmup_steps
    String linear = WRITER.toYaml(withTraining(onQwenImage(), t -> t.withLrScheduler("linear")));
    assertThat(linear).contains("end_factor: 0\n").contains("start_factor: 1\n");
    assertThat(LINTER.lint(linear).errors()).isEmpty();
    assertThat(LINTER.lint(linear).withRule("config.lr-scheduler-implicit-params")).isEmpty();
    String warmup =
        WRITER.toYaml(
            withTraining(
                onQwenImage(),
                t ->
                    t.withLrScheduler("constant_with_warmup")
                        .withLrSchedulerParams(Map.of("num_warmup_steps", 100.0))));
    assertThat(warmup).contains("num_warmup_steps: 100");

    ValidationReport implicit =
        LINTER.lint(qwenImage("", "        lr_scheduler: constant_with_warmup\n", "", ""));
    assertThat(implicit.withRule("config.lr-scheduler-implicit-params"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("100-step run never reaches lr"));
    ValidationReport wrongKey =
        LINTER.lint(
            qwenImage(
                "",
                "        lr_scheduler: linear\n        lr_scheduler_params:\n"
                    + "          num_warmup_steps: 10\n",
                "",
                ""));
    assertThat(wrongKey.withRule("config.lr-scheduler-params-invalid")).hasSize(1);
  }

  // ---------------------------------------------------------------- rows 4, 5

  @Test
  void row4_configWritesThePlansPerBucketBudget() {
    // dataloader_mixins.py build_batch_indices l.199-210: per bucket, rounded up and padded;
    // 3 landscape, 3 portrait, 3 square at batch 2 are 2 + 2 + 2 = 6 batches, not ceil(9/2) = 5
    List<ImageSize> sizes = new ArrayList<>(Collections.nCopies(3, ImageSize.of(1000, 700)));
    sizes.addAll(Collections.nCopies(3, ImageSize.of(700, 1000)));
    sizes.addAll(Collections.nCopies(3, ImageSize.of(1024, 1024)));
    LoraProject p =
        ImmutableLoraProject.copyOf(onQwenImage())
            .withDataset(DatasetSpec.builder().addFolder(TestProjects.folder("1_mix", 9)).build())
            .withTraining(
                ImmutableTrainingParameters.copyOf(onQwenImage().training())
                    .withBatchSize(2)
                    .withGradientAccumulation(1)
                    .withLength(TrainingLength.epochs(10)));
    Map<String, List<ImageSize>> bySize = Map.of("1_mix", sizes);

    String yaml = WRITER.withImageSizes(bySize).toYaml(p);
    int planned = TrainingPlanner.defaults().withImageSizes(bySize).plan(p).budget().totalSteps();

    assertThat(planned).isEqualTo(60);
    assertThat(yaml).contains("steps: 60  # 10 epochs x 6 steps").contains("save_every: 6  #");
  }

  @Test
  void row5_regularisationFolder_stepsCountTheTrainingLoaderOnly() {
    LoraProject p =
        ImmutableLoraProject.copyOf(onQwenImage())
            .withDataset(
                DatasetSpec.builder()
                    .addFolder(TestProjects.folder("1_ohwx", 90))
                    .addFolder(TestProjects.folder("1_woman_reg", 20))
                    .build())
            .withTraining(
                ImmutableTrainingParameters.copyOf(onQwenImage().training())
                    .withGradientAccumulation(1)
                    .withLength(TrainingLength.epochs(10)));
    String yaml = WRITER.toYaml(p);
    // BaseSDTrainProcess l.2569: even non-save steps draw from the reg loader, so one epoch of
    // the 90 training samples is 178 loop steps, and 10 epochs need about twice 900 steps
    assertThat(yaml).contains("is_reg: true").contains("save_every: 178  # one epoch");
    assertThat(yaml).containsPattern("steps: 17[89]\\d  # 10 epochs");
  }

  // ---------------------------------------------------------------- row 6

  @Test
  void row6_lokr_writesLokrFullRankFalse() {
    // config_modules.py NetworkConfig l.204-209: lokr_full_rank defaults to true (0c3a5e69)
    LoraProject lokr =
        withTraining(
            onQwenImage(),
            t -> t.withNetwork(NetworkSettings.builder().type(NetworkType.LOKR).rank(16).build()));
    String yaml = WRITER.toYaml(lokr);
    assertThat(yaml).contains("lokr_full_rank: false");
    assertThat(LINTER.lint(yaml).withRule("config.lokr-full-rank")).isEmpty();
    String bare = yaml.replaceAll("(?m)^\\s*lokr_full_rank: false.*\\n", "");
    assertThat(LINTER.lint(bare).withRule("config.lokr-full-rank")).hasSize(1);
    // before 2026-07-25 the default was false: no warning for an older build
    assertThat(
            LINTER
                .withTrainerVersion(TrainerVersion.of(LocalDate.of(2026, 7, 1)))
                .lint(bare)
                .withRule("config.lokr-full-rank"))
        .isEmpty();
  }

  // ---------------------------------------------------------------- row 11

  @Test
  void row11_startUpRaises_areErrors() {
    // config_modules.py l.999-1000 poi; l.691-692 attn_masking without flux; l.1507 DOP with
    // blank-prompt preservation; l.1495-1500 only some datasets caching text embeddings
    List<String> cases =
        List.of(
            qwenImage("", "", "          poi: face\n", ""),
            qwenImage("        attn_masking: true\n", "", "", ""),
            qwenImage(
                "",
                "        diff_output_preservation: true\n        blank_prompt_preservation: true\n",
                "",
                ""),
            qwenImage(
                "",
                "",
                "          cache_text_embeddings: true\n        - folder_path: /d/b\n",
                ""));
    for (String c : cases) {
      assertThat(LINTER.lint(c).withRule("config.raises-at-start")).as(c).isNotEmpty();
    }
    assertThat(LINTER.lint(qwenImage("", "", "", "")).withRule("config.raises-at-start")).isEmpty();
  }

  // ---------------------------------------------------------------- rows 12, 19

  @Test
  void row12_ctrlImg1OnQwenImage_isIgnoredNotAnError() {
    // qwen_image.py l.263 raises only on gen_config.ctrl_img; ctrl_img_1..3 are never read there
    ValidationReport r = LINTER.lint(qwenImage("", "", "", "            ctrl_img_1: /d/c/a.png\n"));
    assertThat(r.withRule("config.control-image-unsupported")).isEmpty();
    assertThat(rules(r, Severity.WARNING)).contains("config.sample-control-ignored");
    ValidationReport ctrl =
        LINTER.lint(qwenImage("", "", "", "            ctrl_img: /d/c/a.png\n"));
    assertThat(ctrl.withRule("config.control-image-unsupported")).hasSize(1);
  }

  @Test
  void row19_plainQwenImage_writesNoControlPath() {
    // qwen_image.py has no condition_noisy_latents; SDTrainer l.1463 uses control_tensor only
    // with an adapter: dataset controls are read for nothing
    LoraProject p =
        ImmutableLoraProject.copyOf(TestProjects.guideWithControls())
            .withBaseModel(BaseModel.QWEN_IMAGE);
    String yaml = WRITER.toYaml(p);
    assertThat(yaml).doesNotContain("control_path").doesNotContain("ctrl_img");
  }

  // ---------------------------------------------------------------- rows 16, 18, 21

  @Test
  void row16_captionerAndDatasetToolJobs_areRealProcessTypes() {
    // extensions_built_in/captioner/__init__.py uid Qwen3VLCaptioner; dataset_tools/__init__.py
    for (String uid : List.of("Qwen3VLCaptioner", "dataset_tools", "super_tagger")) {
      String text = "job: extension\nconfig:\n  name: cap\n  process:\n    - type: " + uid + "\n";
      assertThat(LINTER.lint(text).withRule("config.unknown-process-type")).as(uid).isEmpty();
    }
  }

  @Test
  void row18_originalEditWithoutControls_namesItsRealFailure() {
    // 'Missing control images' exists only in qwen_image_edit_plus.py l.179; qwen_image_edit.py
    // l.226 splits the latent channels regardless
    String text =
        config(
                "qwen_image_edit",
                "Qwen/Qwen-Image-Edit",
                "",
                "",
                "",
                "            ctrl_img: /c.png\n")
            .replace("          control_path: [/d/c]\n", "");
    // config.missing-control-path is an alias of control.missing-folders now.
    assertThat(LINTER.lint(text).withRule("control.missing-folders"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).doesNotContain("Missing control images"));
    assertThat(ControlRules.MISSING_FOLDERS.why()).contains("splits the latent channels");
  }

  @Test
  void row21_networkKwargs_areLoraSpecialNetworkParameters() {
    // lora_special.py l.293-341: rank_dropout and attn_only are parameters; lora_dim is passed by
    // BaseSDTrainProcess l.1949-1978 itself; target_lin_modules is overwritten for Qwen (l.1946)
    String kwargs =
        qwenImage("", "", "", "")
            .replace(
                "        linear: 16\n",
                "        linear: 16\n        network_kwargs:\n          rank_dropout: 0.1\n"
                    + "          attn_only: true\n          lora_dim: 8\n"
                    + "          target_lin_modules: [X]\n");
    ValidationReport r = LINTER.lint(kwargs);
    assertThat(r.withRule("config.raises-at-start"))
        .extracting(Violation::path)
        .containsExactly("config.process[0].network.network_kwargs.lora_dim");
    assertThat(r.withRule("config.unknown-key"))
        .extracting(Violation::path)
        .containsExactly("config.process[0].network.network_kwargs.target_lin_modules");
  }

  // ---------------------------------------------------------------- item 2, item 4

  @Test
  void trainerVersion_int8BeforeItsDate_isAnError() {
    // int8 (torchao) arrived in 17153583 on 2026-03-30
    String int8 = qwenImage("        quantize: true\n        qtype: int8\n", "", "", "");
    assertThat(LINTER.lint(int8).withRule("config.needs-newer-trainer")).isEmpty();
    TrainerVersion march = TrainerVersion.of(LocalDate.of(2026, 3, 1));
    assertThat(LINTER.withTrainerVersion(march).lint(int8).withRule("config.needs-newer-trainer"))
        .hasSize(1);
    // one finding per defect: the project rule of the same fact stays silent in lint
    assertThat(
            LINTER
                .withTrainerVersion(march)
                .lint(int8)
                .withRule("quantization.int8-needs-recent-trainer"))
        .isEmpty();
    assertThat(LINTER.lint(int8).withRule("quantization.int8-needs-recent-trainer")).isEmpty();
    LoraProject p =
        ImmutableLoraProject.copyOf(
                withTraining(
                    onQwenImage(),
                    t -> t.withQuantization(Quantization.builder().qtype("int8").build())))
            .withTrainerVersion(march);
    assertThat(WRITER.check(p).errors())
        .extracting(Violation::ruleId)
        .contains("config.trainer-refuses-setting");
    // Qwen-Image-2512 arrived on 2025-12-23 (BaseModel.aiToolkitSince)
    LoraProject image2512 =
        ImmutableLoraProject.copyOf(onQwenImage())
            .withBaseModel(BaseModel.QWEN_IMAGE_2512)
            .withTrainerVersion(TrainerVersion.of(LocalDate.of(2025, 12, 1)));
    assertThat(WRITER.check(image2512).errors())
        .extracting(Violation::path)
        .contains("model.name_or_path");
  }

  @Test
  void uiDefaults_areAnExplicitCommentedChoiceAndTheKnobsAreWritten() {
    // ui/src/app/jobs/new/jobConfig.ts defaultJobConfig: linear 32, save bf16, low_vram true,
    // weight_decay 1e-4, use_ema false; options.tsx: match_target_res false for edit-plus
    String yaml = WRITER.toYaml(onQwenImage());
    assertThat(yaml)
        .contains("linear: 16  # the UI writes 32")
        .contains("low_vram: false  # the UI writes true")
        .contains("use_ema: true  # the UI writes false")
        .contains("the UI writes weight_decay 1e-4")
        .contains("# the UI writes bf16");
    LoraProject knobs =
        withTraining(
            onQwenImage(),
            t ->
                t.withLowVram(true)
                    .withLayerOffloading(true)
                    .withLayerOffloadingTransformerPercent(0.5)
                    .withMatchTargetRes(false)
                    .withOptimizerParams(Map.of("weight_decay", 1e-4))
                    .withValidation(
                        ValidationSettings.builder()
                            .addItem(ValidationSettings.Item.of("val/a.jpg", "[trigger] smiling"))
                            .everyNSteps(250)
                            .build()));
    String written = WRITER.toYaml(knobs);
    assertThat(written)
        .contains("low_vram: true")
        .contains("layer_offloading: true")
        .contains("layer_offloading_transformer_percent: 0.5")
        .contains("match_target_res: false")
        .contains("weight_decay: 0.0001")
        .contains("validate_every_n_steps: 250")
        .contains("prompt: \"maya_char smiling\"");
    ValidationReport lint = LINTER.lint(written);
    assertThat(lint.errors()).isEmpty();
    assertThat(lint.withRule("config.unknown-key")).isEmpty();
    LoraProject back = AiToolkitConfigReader.read(written).toProject().project().orElseThrow();
    assertThat(back.training().lowVram()).isTrue();
    assertThat(back.training().layerOffloadingTransformerPercent()).isEqualTo(0.5);
    assertThat(back.training().matchTargetRes()).contains(false);
    assertThat(back.training().optimizerParams()).containsEntry("weight_decay", 1e-4);
    assertThat(back.training().validation().orElseThrow().everyNSteps()).isEqualTo(250);
  }
}
