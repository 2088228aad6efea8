package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.ImmutableTrainingParameters;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AiToolkitWriterTest {
  private static final AiToolkitWriter WRITER = AiToolkitWriter.create();

  private static LoraProject guideOnQwenImage() {
    return ImmutableLoraProject.copyOf(TestProjects.guide()).withBaseModel(BaseModel.QWEN_IMAGE);
  }

  @Test
  void toYaml_guideEdit2509WithoutControls_refusesNamingTheThreeWaysOut() {
    assertThatThrownBy(() -> WRITER.toYaml(TestProjects.guide()))
        .isInstanceOfSatisfying(
            LoraValidationException.class,
            e -> {
              List<Violation> errors = e.report().errors();
              assertThat(errors).extracting(Violation::ruleId).contains("control.missing-folders");
              Violation control =
                  errors.stream()
                      .filter(v -> v.ruleId().equals("control.missing-folders"))
                      .findFirst()
                      .orElseThrow();
              assertThat(control.hint())
                  .contains("--base-model qwen-image-2512")
                  .contains("--text-only-edit")
                  .contains("arch_override: qwen_image")
                  .contains("add a control folder");
            });
    assertThat(WRITER.check(TestProjects.guide()).hasErrors()).isTrue();
  }

  @Test
  void toYaml_guideOnQwenImage_writesDerivedNumbersWithComments() {
    String yaml = WRITER.toYaml(guideOnQwenImage());
    assertThat(yaml)
        .contains("save_every: 850  # one epoch")
        .contains("sample_every: 850  # one epoch")
        .contains("steps: 8500  # 10 epochs x 850 steps")
        .contains("gradient_accumulation: 4")
        .doesNotContain("gradient_accumulation_steps")
        .contains("num_repeats: 40")
        .contains("num_repeats: 20")
        .contains("resolution: [1024]")
        .contains("arch: \"qwen_image\"")
        .contains("training_folder: \"output\"")
        .contains("neg: \"\"")
        .contains("- prompt: \"[trigger], portrait, smiling, high quality\"")
        .doesNotContain("${")
        .doesNotContain(" --");
  }

  @Test
  void toYaml_output_lintsWithoutErrorAndHasOnlyRealKeys() {
    for (LoraProject p : List.of(guideOnQwenImage(), TestProjects.guideWithControls())) {
      String yaml = WRITER.toYaml(p);
      ValidationReport report = AiToolkitLinter.standard().lint(yaml);
      assertThat(report.errors()).as(yaml).isEmpty();
      assertThat(report.withRule("config.unknown-key")).isEmpty();
      assertThat(TestProjects.unknownKeys(AiToolkitConfigReader.read(yaml).root())).isEmpty();
    }
  }

  @Test
  void toYaml_withControls_writesControlPathsAndSampleControlImages() {
    String yaml = WRITER.toYaml(TestProjects.guideWithControls());
    assertThat(yaml)
        .contains("control_path: [\"dataset/control/40_maya_char\"]")
        .contains("ctrl_img_1: \"dataset/control/a.png\"")
        .contains("arch: \"qwen_image_edit_plus\"")
        .contains("name_or_path: \"Qwen/Qwen-Image-Edit-2509\"");
  }

  @Test
  void toYaml_archOverride_keepsTheEditWeightsWithTheQwenImageArch() {
    LoraProject p =
        ImmutableLoraProject.copyOf(TestProjects.guide()).withArchOverride("qwen_image");
    String yaml = WRITER.toYaml(p);
    assertThat(yaml)
        .contains("name_or_path: \"Qwen/Qwen-Image-Edit-2509\"")
        .contains("arch: \"qwen_image\"  # override of qwen_image_edit_plus");
    assertThat(AiToolkitLinter.standard().lint(yaml).errors()).isEmpty();
  }

  @Test
  void toYaml_legacyAccumulation_writesOnlyTheLegacyKey() {
    LoraProject p =
        ImmutableLoraProject.copyOf(guideOnQwenImage())
            .withTraining(
                ImmutableTrainingParameters.copyOf(guideOnQwenImage().training())
                    .withGradientAccumulation(1)
                    .withGradientAccumulationSteps(4));
    String yaml = WRITER.toYaml(p);
    assertThat(yaml)
        .contains("gradient_accumulation_steps: 4")
        .doesNotContain("gradient_accumulation: ");
  }

  @Test
  void toYaml_adapter_writesTheThreePartPipeSyntax() {
    LoraProject p =
        ImmutableLoraProject.copyOf(guideOnQwenImage())
            .withTraining(
                ImmutableTrainingParameters.copyOf(guideOnQwenImage().training())
                    .withQuantization(
                        dev.lorakit.core.training.Quantization.builder()
                            .qtype("uint3")
                            .accuracyRecoveryAdapter(
                                BaseModel.QWEN_IMAGE.accuracyRecoveryAdapters().get(0))
                            .build()));
    assertThat(WRITER.toYaml(p))
        .contains(
            "qtype: \"uint3|ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors\"");
  }

  @Test
  void toYaml_placeholderInAPath_isRefused() {
    LoraProject p =
        ImmutableLoraProject.copyOf(guideOnQwenImage())
            .withDataset(
                dev.lorakit.core.dataset.ImmutableDatasetSpec.copyOf(guideOnQwenImage().dataset())
                    .withRoot("${HOME}/dataset"));
    assertThatThrownBy(() -> WRITER.toYaml(p))
        .isInstanceOfSatisfying(
            LoraValidationException.class,
            e ->
                assertThat(e.report().errors())
                    .extracting(Violation::ruleId)
                    .contains("config.unsafe-text"));
  }

  @Test
  void toYaml_promptWithoutTrigger_getsTheTriggerPlaceholder() {
    LoraProject p =
        ImmutableLoraProject.copyOf(guideOnQwenImage())
            .withSampling(
                dev.lorakit.core.project.SamplingSettings.builder()
                    .addPrompt(dev.lorakit.core.project.SamplePrompt.of("portrait, smiling"))
                    .addPrompt(dev.lorakit.core.project.SamplePrompt.of("maya_char, full body"))
                    .build());
    assertThat(WRITER.toYaml(p))
        .contains("- prompt: \"[trigger], portrait, smiling\"  # [trigger] added")
        .contains("- prompt: \"maya_char, full body\"\n");
  }

  @Test
  void toYaml_valuesOutsideTheTrainersSets_areRefused() {
    LoraProject p =
        ImmutableLoraProject.copyOf(guideOnQwenImage())
            .withArchOverride("qwen_imag")
            .withTraining(
                ImmutableTrainingParameters.copyOf(guideOnQwenImage().training())
                    .withTimestepType("weighed"));
    assertThatThrownBy(() -> WRITER.toYaml(p))
        .isInstanceOfSatisfying(
            LoraValidationException.class,
            e ->
                assertThat(e.report().errors())
                    .extracting(Violation::ruleId)
                    .contains("config.unknown-arch", "config.invalid-enum-value"));
  }

  @Test
  void toYaml_isDeterministic() {
    assertThat(WRITER.toYaml(guideOnQwenImage())).isEqualTo(WRITER.toYaml(guideOnQwenImage()));
  }

  @Test
  void toUiJson_isTheJobConfigShapeWithTheUiLogger() {
    String json = WRITER.withTrainingFolder("/app/ai-toolkit/output").toUiJson(guideOnQwenImage());
    assertThat(json).startsWith("{\n  \"job\": \"extension\",\n  \"config\": {");
    AiToolkitConfig config = AiToolkitConfigReader.read(json);
    ConfigNode.MapNode root = (ConfigNode.MapNode) config.root();
    assertThat(root.entries().keySet()).containsExactly("job", "config", "meta");
    assertThat(json)
        .contains("\"use_ui_logger\": true")
        .contains("\"training_folder\": \"/app/ai-toolkit/output\"");
    assertThat(AiToolkitLinter.standard().lint(json).errors()).isEmpty();
  }

  @Test
  void update_shippedExample_keepsUnmodeledRealKeysAndTheirOrder() {
    AiToolkitConfig original =
        AiToolkitConfigReader.read(
            TestProjects.resource("train_lora_qwen_image_edit_2509_32gb.yaml"));
    LoraProject project = original.toProject().project().orElseThrow();
    LoraProject changed =
        ImmutableLoraProject.copyOf(project)
            .withTrigger(dev.lorakit.core.caption.TriggerWord.of("zqmaya_char"))
            .withTraining(
                ImmutableTrainingParameters.copyOf(project.training()).withLearningRate(2e-4));
    AiToolkitConfig updated = WRITER.update(original, changed);
    String yaml = updated.toYaml();
    assertThat(yaml)
        .contains("lr: 0.0002")
        .contains("low_vram: true")
        .contains("sample_start_step: 0")
        .contains("version: \"1.0\"")
        // process.device is read by no LoRA trainer (audit row 20; only ExtensionJob l.11 reads
        // config.device), so a rewrite drops it like any other key that does nothing
        .doesNotContain("device:");
    ConfigNode.MapNode model =
        ConfigImporter.process(updated.root()).orElseThrow().mapAt("model").orElseThrow();
    assertThat(new ArrayList<>(model.entries().keySet()))
        .containsExactly(
            "name_or_path", "arch", "quantize", "qtype", "quantize_te", "qtype_te", "low_vram");
    ConfigNode.MapNode process = ConfigImporter.process(updated.root()).orElseThrow();
    assertThat(new ArrayList<>(process.entries().keySet()).subList(0, 3))
        .containsExactly("type", "training_folder", "network");
    // equal up to the [trigger] the writer puts in front of the example's trigger-less prompts
    assertThat(updated.toProject().project().orElseThrow())
        .isEqualTo(TestProjects.asConfigSees(changed));
    assertThat(yaml).contains("prompt: \"[trigger], Do whatever with Image1 and Image2\"");
  }

  @Test
  void update_guideConfigWithFixes_dropsInventedKeys() {
    AiToolkitConfig original =
        AiToolkitConfigReader.read(TestProjects.resource("guide_train_qwen_character.yaml"));
    AiToolkitConfig updated = WRITER.update(original, guideOnQwenImage());
    assertThat(updated.toYaml())
        .doesNotContain("is_qwen")
        .doesNotContain("quantize_dtype")
        .doesNotContain("device:"); // process.device is not read (audit row 20)
    assertThat(AiToolkitLinter.standard().lint(updated.toYaml()).errors()).isEmpty();
  }
}
