package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.testkit.ExampleDataset;
import dev.lorakit.yaml.ProjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LorakitTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Lorakit.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void help_listsTheCommands() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("check").contains("demo").contains("--version");
  }

  @Test
  void version_printsTheMavenVersion() {
    int code = run("--version");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("lorakit 0.1.0-SNAPSHOT");
  }

  @Test
  void demo_runsTheWholeChainAndFindsThePlantedDefects(@TempDir Path dir) {
    int code = run("demo", "--dir", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("1. The guide's own project, checked as written")
        // int8 exists on the pinned build (toolkit/util/quantize.py since 17153583), so no warning
        // for it
        .contains("3 errors, 2 warnings")
        .contains("caption.missing-trigger            40_maya_char/img001.txt")
        .contains("image.too-small                    40_maya_char/img002.jpg")
        .contains("image.duplicate                    40_maya_char/img015.jpg")
        .contains("lint: 0 errors")
        .contains("PEFT, base model qwen_image, rank 16, alpha 16")
        .contains("= 500 images");
    assertThat(dir.resolve("ai-toolkit.yaml")).exists();
    assertThat(dir.resolve("comfyui-cell-1.json")).exists();
  }

  @Test
  void demo_json_isParseableWithSummaries(@TempDir Path dir) throws IOException {
    int code = run("demo", "--dir", dir.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isZero();
    assertThat(json.at("/guideAsWritten/summary/errors").asInt()).isEqualTo(3);
    // the planted missing trigger is a WARNING: the trainer prepends it (audit row 13)
    assertThat(json.at("/check/summary/errors").asInt()).isZero();
    assertThat(json.at("/check/summary/warnings").asInt()).isPositive();
    assertThat(json.at("/plan/totalSteps").asInt()).isPositive();
    assertThat(json.at("/lint/summary/errors").asInt()).isZero();
  }

  @Test
  void check_cleanGeneratedDatasetWithControls_exitsZeroAndReportsFolders(@TempDir Path dir)
      throws IOException {
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .write(dir, new SplittableRandom(1));

    int code = run("check", dir.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(json.at("/dataset/images").asInt()).isEqualTo(20);
    assertThat(json.at("/trigger").asText()).isEqualTo("maya_char");
    assertThat(json.get("violations").toString()).doesNotContain("\"ERROR\"");
  }

  @Test
  void check_edit2509WithoutControls_exitsOne(@TempDir Path dir) throws IOException {
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .controls(false)
        .write(dir, new SplittableRandom(2));

    int code = run("check", dir.toString());

    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(out.toString()).contains("[control.missing-folders]");
  }

  @Test
  void check_classWordTrigger_isReported(@TempDir Path dir) throws IOException {
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .controls(false)
        .write(dir, new SplittableRandom(3));

    int code = run("check", dir.toString(), "--trigger", "woman", "--base-model", "qwen-image");

    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(out.toString())
        .contains("[trigger.class-word]")
        .contains("[caption.missing-trigger]");
  }

  @Test
  void check_unknownBaseModel_exitsTwoWithOneLineAndFix(@TempDir Path dir) {
    int code = run("check", dir.toString(), "--base-model", "sdxl");

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString())
        .isEqualTo(
            "lorakit: unknown base model 'sdxl'\n"
                + "fix: use one of qwen-image, qwen-image-2512, qwen-image-edit, qwen-image-edit-2509, qwen-image-edit-2511\n");
  }

  @Test
  void check_missingFolder_exitsTwoWithoutStackTrace() {
    int code = run("check", "/no/such/folder");

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString()).startsWith("lorakit: '/no/such/folder' is not a readable folder");
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOption_exitsTwo() {
    int code = run("check", "--nope");

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString()).contains("lorakit: ").contains("fix: see 'lorakit check --help'");
  }

  /** The guide's project with its declared image counts, as a lorakit.yaml (no images). */
  private static Path projectFile(Path dir, LoraProject project) {
    Path file = dir.resolve("lorakit.yaml");
    ProjectWriter.write(project, file);
    return file;
  }

  private static LoraProject guideIntent(BaseModel model, boolean controls) {
    LoraProject p =
        LoraProject.builder()
            .from(ExampleProjects.guideAsWritten())
            .baseModel(model)
            .training(TrainingParameters.builder().build())
            .sampling(SamplingSettings.builder().build())
            .build();
    if (!controls) {
      return p;
    }
    java.util.List<DatasetFolder> folders = new java.util.ArrayList<>();
    for (DatasetFolder f : p.dataset().folders()) {
      folders.add(DatasetFolder.builder().from(f).addControlFolder("control").build());
    }
    java.util.List<SamplePrompt> prompts = new java.util.ArrayList<>();
    for (SamplePrompt sp : p.sampling().prompts()) {
      prompts.add(SamplePrompt.of(sp.prompt(), java.util.List.of("control/img001.jpg")));
    }
    return LoraProject.builder()
        .from(p)
        .dataset(DatasetSpec.builder().from(p.dataset()).folders(folders).build())
        .sampling(SamplingSettings.builder().prompts(prompts).build())
        .build();
  }

  @Test
  void plan_guideDataset_printsTheIssueNumbersAndExplainsTheGuide(@TempDir Path dir)
      throws IOException {
    Path project = projectFile(dir, guideIntent(BaseModel.QWEN_IMAGE_EDIT_2509, true));

    int code = run("plan", project.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("samples/epoch = sum(images x num_repeats) x resolution entries = 3400")
        .contains("steps/epoch   = batches/epoch / gradient_accumulation 4 = 850")
        .contains("total steps   = 8500 (10 epochs)")
        .contains("save_every    = 850")
        .contains(
            "The guide's save_every = 3400 / 10 epochs = 340 would save every 0.40 epochs here")
        .contains("'steps: 3400' would train 4 epochs");
  }

  @Test
  void plan_json_hasTheDocumentedFields(@TempDir Path dir) throws IOException {
    Path project = projectFile(dir, guideIntent(BaseModel.QWEN_IMAGE_EDIT_2509, true));

    int code =
        run(
            "plan",
            project.toString(),
            "--format",
            "json",
            "--seconds-per-step",
            "4",
            "--price-per-hour",
            "1");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isZero();
    assertThat(json.get("samplesPerEpoch").asLong()).isEqualTo(3400);
    assertThat(json.get("optimizerStepsPerEpoch").asDouble()).isEqualTo(850.0);
    assertThat(json.get("epochs").asDouble()).isEqualTo(10.0);
    assertThat(json.get("totalSteps").asInt()).isEqualTo(8500);
    assertThat(json.get("saveEvery").asInt()).isEqualTo(850);
    assertThat(json.get("checkpointSteps")).hasSize(10);
    assertThat(json.get("gradientAccumulationMode").asText()).isEqualTo("gradient_accumulation");
    assertThat(json.get("estimatedHours").asDouble()).isEqualTo(9.69);
    assertThat(json.get("estimatedCostUsd").asDouble()).isEqualTo(9.69);
    assertThat(json.get("evaluationGridSize").asInt()).isEqualTo(500);
  }

  @Test
  void lint_guideConfig_reportsEachDefectAtItsLineAndExitsOne(@TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("guide.yaml");
    try (var in = getClass().getResourceAsStream("/guide_train_qwen_character.yaml")) {
      Files.copy(in, config);
    }

    int code = run("lint", config.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    java.util.Map<String, Integer> lines = new java.util.HashMap<>();
    for (JsonNode v : json.get("violations")) {
      lines.putIfAbsent(
          v.get("ruleId").asText() + "@" + v.path("path").asText(), v.path("line").asInt());
    }
    assertThat(lines)
        .containsEntry("config.invented-key@config.process[0].model.is_qwen", 58)
        .containsEntry("config.invented-key@config.process[0].model.quantize_dtype", 60)
        // One rule per defect: config.duplicate-resolution, config.legacy-accumulation-key and
        // config.missing-control-path merged into these project rules, reported at the same lines.
        .containsEntry("resolution.duplicates@datasets[].resolution", 28)
        .containsEntry("accumulation.legacy-mode@train.gradient_accumulation_steps", 40)
        .containsEntry("control.missing-folders@datasets", 23);
  }

  @Test
  void config_guideEdit2509WithoutControls_refusesAndNamesBothWaysOut(@TempDir Path dir)
      throws IOException {
    Path project = projectFile(dir, ExampleProjects.guideAsWritten());

    int code = run("config", project.toString());

    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(err.toString())
        .contains("[control.missing-folders]")
        .contains("add a control folder")
        .contains("--base-model qwen-image");
  }

  @Test
  void trainerVersion_int8ForABuildBeforeIt_isRefusedAndLintedAsAnError(@TempDir Path dir)
      throws IOException {
    // torchao int8 arrived in ai-toolkit 17153583 on 2026-03-30 (issue 12 item 2)
    LoraProject int8 =
        LoraProject.builder()
            .from(guideIntent(BaseModel.QWEN_IMAGE, false))
            .training(
                TrainingParameters.builder()
                    .quantization(
                        dev.lorakit.core.training.Quantization.builder().qtype("int8").build())
                    .build())
            .build();
    Path project = projectFile(dir, int8);
    Path yaml = dir.resolve("train.yaml");

    int pinned = run("config", project.toString(), "-o", yaml.toString());
    int lintPinned = run("lint", yaml.toString());
    int lintOld =
        run("lint", yaml.toString(), "--trainer-version", "2026-03-01", "--format", "json");
    String lintJson = out.toString();
    int configOld =
        run("config", project.toString(), "--trainer-version", "2026-03-01", "-o", yaml.toString());
    int bad = run("lint", yaml.toString(), "--trainer-version", "soon");

    assertThat(pinned).as(err.toString()).isZero();
    assertThat(lintPinned).isZero();
    assertThat(lintOld).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(lintJson).contains("config.needs-newer-trainer");
    assertThat(configOld).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(bad).isEqualTo(Lorakit.CANNOT_RUN);
  }

  @Test
  void config_qwenImage_writesAConfigThatLintsClean(@TempDir Path dir) throws IOException {
    Path project = projectFile(dir, guideIntent(BaseModel.QWEN_IMAGE, false));
    Path yaml = dir.resolve("out/train.yaml");

    int written = run("config", project.toString(), "-o", yaml.toString());
    int linted = run("lint", yaml.toString());

    assertThat(written).as(err.toString()).isZero();
    assertThat(Files.readString(yaml))
        .contains("arch: \"qwen_image\"")
        .contains("num_repeats: 40")
        .contains("training_folder");
    assertThat(linted).as(out.toString()).isZero();
  }

  @Test
  void runpodLaunch_dryRun_printsTheL40sPodAndTheJobWithSecretsRedacted(@TempDir Path dir)
      throws IOException {
    Path project = projectFile(dir, guideIntent(BaseModel.QWEN_IMAGE_EDIT_2509, true));

    int code = run("runpod", "launch", project.toString(), "--dry-run", "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode pod = new ObjectMapper().readTree(json.get(0).get("body").asText());
    assertThat(json.get(0).get("url").asText()).endsWith("/v2/pods");
    assertThat(pod.at("/gpu/id").asText()).isEqualTo("NVIDIA L40S");
    assertThat(pod.get("image").asText()).startsWith("ostris/aitoolkit:");
    assertThat(pod.get("ports").toString()).contains("8675/http");
    assertThat(pod.at("/env/AI_TOOLKIT_AUTH").asText()).isEqualTo("****");
    JsonNode job = new ObjectMapper().readTree(json.get(1).get("body").asText());
    assertThat(job.at("/job_config/config/process/0/training_folder").asText())
        .isEqualTo("/app/ai-toolkit/output");
    assertThat(job.at("/job_config/config/process/0/datasets/0/folder_path").asText())
        .startsWith("/app/ai-toolkit/datasets/");
    assertThat(job.at("/job_config/config/process/0/model/arch").asText())
        .isEqualTo("qwen_image_edit_plus");
  }

  @Test
  void runpodStatus_withoutKey_exitsTwoWithTheFix() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("RUNPOD_API_KEY") == null);

    int code = run("runpod", "status");

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString())
        .contains("RUNPOD_API_KEY is not set")
        .contains("never pass it as an argument");
  }

  @Test
  void inspect_aiToolkitLora_json(@TempDir Path dir) throws IOException {
    Path file =
        dev.lorakit.safetensors.lora.LoraFiles.qwen()
            .rank(16)
            .step(850)
            .epoch(1)
            .name("maya")
            .write(dir.resolve("maya_000000850.safetensors"));

    int code = run("inspect", file.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(json.get("format").asText()).isEqualTo("PEFT");
    assertThat(json.get("baseModel").asText()).isEqualTo("qwen_image");
    assertThat(json.get("rank").asInt()).isEqualTo(16);
    assertThat(json.get("alpha").asDouble()).isEqualTo(16.0);
    assertThat(json.get("alphaSource").asText()).isNotEmpty();
    assertThat(json.get("modules").asInt()).isEqualTo(840);
    assertThat(json.get("tensors").asInt()).isEqualTo(1680);
    assertThat(json.get("parameters").asLong()).isEqualTo(147_456_000L);
    assertThat(json.get("step").asInt()).isEqualTo(850);
    assertThat(json.get("epoch").asInt()).isEqualTo(1);
  }

  @Test
  void checkpoints_runFolder_tableByStepWithGrowth(@TempDir Path dir) throws IOException {
    for (int i = 1; i <= 3; i++) {
      dev.lorakit.safetensors.lora.LoraFiles.qwen()
          .rank(4)
          .blocks(2)
          .step(850 * i)
          .epoch(i)
          .seed(i)
          .magnitude(0.01f * i)
          .name("maya")
          .write(dir.resolve(String.format("maya_%09d.safetensors", 850 * i)));
    }

    int code = run("checkpoints", dir.toString(), "--format", "json", "--stats");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(json.get("checkpoints")).hasSize(3);
    assertThat(json.at("/checkpoints/0/step").asInt()).isEqualTo(850);
    assertThat(json.at("/checkpoints/2/epoch").asInt()).isEqualTo(3);
    assertThat(json.at("/checkpoints/2/normGrowth").asDouble()).isGreaterThan(1.0);
    // 2 blocks x 14 layers, each a plain LoRA that ComfyUI patches (comfyui.md §2: lorakit's own
    // files load completely).
    assertThat(json.at("/checkpoints/0/comfyUi/patched").asInt()).isEqualTo(28);
    assertThat(json.at("/checkpoints/0/comfyUi/loadsFully").asBoolean()).isTrue();
  }

  @Test
  void inspect_upWithoutDown_exitsOneWithTheComfyUiFailure(@TempDir Path dir) throws IOException {
    String q = "diffusion_model.transformer_blocks.0.attn.to_q";
    Path file = dir.resolve("cut.safetensors");
    dev.lorakit.safetensors.SafetensorsWriter.create()
        .addFloats(
            q + ".lora_B.weight",
            dev.lorakit.safetensors.Dtype.F32,
            List.of(3072L, 2L),
            new float[3072 * 2])
        .write(file);

    int code = run("inspect", file.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isEqualTo(1);
    // comfy/weight_adapter/lora.py 143 (Comfy-Org/ComfyUI a125cd8): lora[B_name] -> KeyError.
    assertThat(json.at("/comfyUi/fails").asBoolean()).isTrue();
    assertThat(json.at("/comfyUi/failure").asText())
        .isEqualTo("KeyError: '" + q + ".lora_A.weight'");
    assertThat(json.at("/violations/0/ruleId").asText()).isEqualTo("checkpoint.up-without-down");
  }

  @Test
  void convert_metadataAlphaToKohya_statesTheNewComfyScaleAndVerifiesIt(@TempDir Path dir)
      throws IOException {
    // comfyui.md L9 (peft_meta_alpha_r4_a2): ComfyUI scale 1.0 on the source, 0.5 after toKohya.
    Path in =
        dev.lorakit.safetensors.lora.LoraFiles.qwen()
            .rank(4)
            .blocks(1)
            .metadata("ss_network_alpha", "2")
            .write(dir.resolve("peft.safetensors"));
    Path target = dir.resolve("kohya.safetensors");

    int code =
        run("convert", in.toString(), "--to", "kohya", "-o", target.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(json.get("outputFormat").asText()).isEqualTo("KOHYA");
    assertThat(json.at("/inputComfyUi/scale").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/comfyUi/scale").asDouble()).isEqualTo(0.5);
    assertThat(json.get("statedScale").asDouble()).isEqualTo(0.5);
    assertThat(json.get("scaleChanged").asBoolean()).isTrue();
    assertThat(json.get("modulesWithNewScale").asInt()).isEqualTo(14);
    assertThat(json.get("verified").asBoolean()).isTrue();
    assertThat(json.at("/comfyUi/loadsFully").asBoolean()).isTrue();
  }

  @Test
  void convert_unknownFamily_exitsTwo(@TempDir Path dir) throws IOException {
    Path in =
        dev.lorakit.safetensors.lora.LoraFiles.qwen().rank(1).blocks(1).write(dir.resolve("a"));

    int code = run("convert", in.toString(), "--to", "loha", "-o", dir.resolve("b").toString());

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString()).contains("--to kohya or --to peft");
  }

  @Test
  void checkpoints_withoutStats_headersOnlyNoNorms(@TempDir Path dir) throws IOException {
    dev.lorakit.safetensors.lora.LoraFiles.qwen()
        .rank(4)
        .blocks(2)
        .step(850)
        .name("maya")
        .write(dir.resolve("maya_000000850.safetensors"));

    int code = run("checkpoints", dir.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(json.at("/checkpoints/0/step").asInt()).isEqualTo(850);
    assertThat(json.at("/checkpoints/0/rank").asInt()).isEqualTo(4);
    assertThat(json.at("/checkpoints/0/totalDeltaNorm").isNull()).isTrue();
  }

  @Test
  void inspect_notSafetensors_exitsTwoWithOneLine(@TempDir Path dir) throws IOException {
    Path bad = Files.write(dir.resolve("x.safetensors"), new byte[] {1, 2, 3});

    int code = run("inspect", bad.toString());

    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString()).startsWith("lorakit: ").doesNotContain("\tat ");
  }

  @Test
  void captions_addTriggerDryRunThenApply(@TempDir Path dir) throws IOException {
    ExampleDataset.builder("maya_char")
        .characterImages(3)
        .bodyImages(1)
        .size(256)
        .controls(false)
        .defects(java.util.EnumSet.of(ExampleDataset.Defect.MISSING_TRIGGER))
        .write(dir, new SplittableRandom(4));
    Path caption = dir.resolve("40_maya_char/img001.txt");
    String before = Files.readString(caption);

    int dry = run("captions", dir.toString(), "--add-trigger", "maya_char", "--dry-run");
    String afterDry = Files.readString(caption);
    int applied = run("captions", dir.toString(), "--add-trigger", "maya_char");

    assertThat(dry).isZero();
    assertThat(afterDry).isEqualTo(before);
    assertThat(out.toString()).contains("img001.txt").contains("1 to change");
    assertThat(applied).isZero();
    assertThat(Files.readString(caption)).startsWith("maya_char, ");
  }

  @Test
  void completion_printsABashScriptWithEveryCommand() {
    int code = run("completion");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("complete -F")
        .contains("check")
        .contains("plan")
        .contains("runpod")
        .contains("inspect");
  }
}
