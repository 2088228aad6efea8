package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Precision;
import dev.lorakit.core.validation.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigImportTest {

  private static LoraProject read(String resource) {
    return AiToolkitConfigReader.read(TestProjects.resource(resource))
        .toProject()
        .project()
        .orElseThrow();
  }

  @Test
  void toProject_edit2509Example_importsControlsAdapterAndSamples() {
    LoraProject p = read("train_lora_qwen_image_edit_2509_32gb.yaml");
    assertThat(p.baseModel()).isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(p.archOverride()).isEmpty();
    assertThat(p.dataset().root()).isEqualTo("/path/to");
    DatasetFolder folder = p.dataset().folders().get(0);
    assertThat(folder.path()).isEqualTo("images/folder");
    assertThat(folder.controlFolders())
        .containsExactly(
            "control/images/folder1", "control/images/folder2", "control/images/folder3");
    assertThat(p.training().quantization().qtype()).isEqualTo("uint3");
    assertThat(p.training().quantization().accuracyRecoveryAdapter())
        .contains(
            "ostris/accuracy_recovery_adapters/qwen_image_edit_2509_torchao_uint3.safetensors");
    assertThat(p.training().length().steps()).hasValue(3000);
    assertThat(p.training().learningRate()).isEqualTo(1e-4);
    assertThat(p.training().cacheTextEmbeddings()).isTrue();
    assertThat(p.sampling().prompts()).hasSize(5);
    assertThat(p.sampling().prompts().get(0).controlImages())
        .containsExactly("image1.png", "image2.png");
    assertThat(p.sampling().sampleEvery()).hasValue(250);
  }

  @Test
  void toProject_guideConfig_usesTheTrainersDefaultsForAbsentKeys() {
    LoraProject p = read("guide_train_qwen_character.yaml");
    assertThat(p.trigger().value()).isEqualTo("maya_char");
    assertThat(p.dataset().root()).isEqualTo("dataset");
    assertThat(p.dataset().folders())
        .extracting(DatasetFolder::path, DatasetFolder::repeats, DatasetFolder::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("40_maya_char", 1, FolderRole.CHARACTER),
            org.assertj.core.groups.Tuple.tuple(
                "20_maya_char_realbody", 1, FolderRole.BODY_REALISM));
    assertThat(p.training().gradientAccumulation()).isEqualTo(1);
    assertThat(p.training().gradientAccumulationSteps()).isEqualTo(4);
    assertThat(p.training().resolutions()).containsExactly(1024, 1024);
    assertThat(p.training().quantization().qtype())
        .isEqualTo("qfloat8"); // quantize_dtype is ignored
    assertThat(p.training().timestepType()).isEqualTo("sigmoid");
    assertThat(p.training().optimizer()).isEqualTo(Optimizer.ADAMW8BIT);
    assertThat(p.training().precision()).isEqualTo(Precision.BF16);
    assertThat(p.sampling().negativePrompt()).isEqualTo("low quality, blurry, artifacts");
    assertThat(p.sampling().prompts().get(0).prompt())
        .isEqualTo("maya_char, portrait, smiling, high quality");
  }

  @Test
  void toProject_minimalConfig_takesTrainerDefaults() {
    LoraProject p =
        AiToolkitConfigReader.read(
                "job: extension\nconfig:\n  name: x\n  process:\n    - type: sd_trainer\n"
                    + "      model: {name_or_path: Qwen/Qwen-Image, arch: qwen_image}\n"
                    + "      datasets: [{folder_path: imgs}]\n")
            .toProject()
            .project()
            .orElseThrow();
    assertThat(p.training().ema().enabled()).isFalse();
    assertThat(p.training().learningRate()).isEqualTo(1e-6);
    assertThat(p.training().optimizer()).isEqualTo(Optimizer.ADAMW);
    assertThat(p.training().noiseScheduler()).isEqualTo("ddpm");
    assertThat(p.training().resolutions()).containsExactly(512);
    assertThat(p.training().network().rank()).isEqualTo(4);
    assertThat(p.training().quantization().enabled()).isFalse();
    assertThat(p.dataset().root()).isEqualTo(".");
    assertThat(p.dataset().folders().get(0).path()).isEqualTo("imgs");
  }

  @Test
  void toProject_editWeightsWithQwenImageArch_isTheWorkaround() {
    String text =
        TestProjects.resource("train_lora_qwen_image_edit_2509_32gb.yaml")
            .replace("arch: \"qwen_image_edit_plus\"", "arch: \"qwen_image\"");
    LoraProject p = AiToolkitConfigReader.read(text).toProject().project().orElseThrow();
    assertThat(p.baseModel()).isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2509);
    assertThat(p.archOverride()).contains("qwen_image");
    assertThat(p.requiresControlImages()).isFalse();
  }

  private static BaseModel importedModel(String nameOrPath, String arch) {
    return AiToolkitConfigReader.read(
            "job: extension\nconfig:\n  name: x\n  process:\n    - type: sd_trainer\n"
                + "      model: {name_or_path: \""
                + nameOrPath
                + "\", arch: \""
                + arch
                + "\"}\n"
                + "      datasets: [{folder_path: imgs}]\n")
        .toProject()
        .project()
        .orElseThrow()
        .baseModel();
  }

  /**
   * The UI writes {@code arch: <base>:<tag>} with the tag's repository
   * (ui/src/app/jobs/new/options.tsx, ai-toolkit-audit.md row 10); ModelConfig l.767 strips the
   * tag. A local copy of the weights (no repository name) is recognised by the tag alone.
   */
  @Test
  void toProject_taggedArchsAndRepositories_mapToTheNewModels() {
    assertThat(importedModel("Qwen/Qwen-Image-2512", "qwen_image:2512"))
        .isEqualTo(BaseModel.QWEN_IMAGE_2512);
    assertThat(importedModel("Qwen/Qwen-Image-Edit-2511", "qwen_image_edit_plus:2511"))
        .isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2511);
    assertThat(importedModel("/models/qwen-2512", "qwen_image:2512"))
        .isEqualTo(BaseModel.QWEN_IMAGE_2512);
    assertThat(importedModel("/models/edit", "qwen_image_edit_plus:2511"))
        .isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2511);
    assertThat(importedModel("Qwen/Qwen-Image-2512", "qwen_image"))
        .isEqualTo(BaseModel.QWEN_IMAGE_2512);
    assertThat(importedModel("/models/edit", "qwen_image_edit_plus"))
        .isEqualTo(BaseModel.QWEN_IMAGE_EDIT_2509);
  }

  /** The 2512 weights with the original's adapter: "the other one will not work" (options.tsx). */
  @Test
  void lint_qwenImageAdapterOn2512Weights_isAnError() {
    String text =
        "job: extension\nconfig:\n  name: x\n  process:\n    - type: diffusion_trainer\n"
            + "      training_folder: output\n"
            + "      model:\n        name_or_path: Qwen/Qwen-Image-2512\n"
            + "        arch: qwen_image:2512\n        quantize: true\n        qtype: uint3\n"
            + "        accuracy_recovery_adapter:"
            + " ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors\n"
            + "      datasets: [{folder_path: imgs}]\n"
            + "      train: {steps: 100}\n";

    assertThat(
            AiToolkitLinter.standard().lint(text).errors().stream().map(v -> v.ruleId()).toList())
        .contains("quantization.adapter-wrong-model");
  }

  @Test
  void toProject_datasetsWithDifferentSettings_notesTheFirstWins() {
    String text =
        TestProjects.resource("guide_train_qwen_character.yaml")
            .replace("resolution: [1024, 1024]\n      \n", "resolution: [512]\n      \n");
    var imported = AiToolkitConfigReader.read(text).toProject();
    assertThat(imported.project().orElseThrow().training().resolutions())
        .containsExactly(1024, 1024);
    assertThat(imported.notes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.ruleId()).isEqualTo("config.dataset-settings-differ");
              assertThat(v.location()).contains(SourceLocation.of(35, 23));
            });
  }

  @Test
  void toProject_fluxExample_isNotModeled() {
    var imported =
        AiToolkitConfigReader.read(TestProjects.resource("train_lora_flux_24gb.yaml")).toProject();
    assertThat(imported.project()).isEmpty();
    assertThat(imported.notes()).extracting(v -> v.ruleId()).containsExactly("config.not-modeled");
  }

  @Test
  void locationOf_findsValuesByDottedPath() {
    AiToolkitConfig config =
        AiToolkitConfigReader.read(TestProjects.resource("guide_train_qwen_character.yaml"));
    assertThat(config.locationOf("config.process[0].train.steps"))
        .contains(SourceLocation.of(39, 16));
    assertThat(config.locationOf("config.process[0].datasets[1].folder_path"))
        .contains(SourceLocation.of(30, 24));
    assertThat(config.locationOf("config.process[0].model.arch")).isEmpty();
    assertThat(List.of(config.toJson(), config.toYaml())).allMatch(s -> s.contains("maya_char"));
  }
}
