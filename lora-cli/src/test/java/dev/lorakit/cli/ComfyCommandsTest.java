package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.comfyui.ComfyUiFake;
import dev.lorakit.comfyui.ModelInventory;
import dev.lorakit.comfyui.NodeSchemas;
import dev.lorakit.comfyui.PromptValidator;
import dev.lorakit.comfyui.Workflow;
import dev.lorakit.comfyui.WorkflowJson;
import dev.lorakit.comfyui.WorkflowNode;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.testkit.ExampleDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComfyCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Lorakit.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static Path dataset(Path dir) {
    ExampleDataset.builder("maya_char")
        .characterImages(4)
        .bodyImages(2)
        .write(dir.resolve("data"), new SplittableRandom(3));
    return dir.resolve("data");
  }

  private static Path run(Path dir) throws IOException {
    Path runDir = dir.resolve("maya_lora");
    Files.createDirectories(runDir);
    for (String f :
        List.of(
            "maya_lora_000001000.safetensors",
            "maya_lora_000002000.safetensors",
            "maya_lora.safetensors")) {
      Files.write(runDir.resolve(f), new byte[0]);
    }
    return runDir;
  }

  /** What ComfyUI lists once the run folder is copied into models/loras/maya_lora/. */
  private static ModelInventory inventory(BaseModel model, List<String> input) {
    return ModelInventory.builder()
        .putFolder("diffusion_models", List.of(model.comfyUiDiffusionModel()))
        .putFolder("text_encoders", List.of(model.comfyUiTextEncoder()))
        .putFolder("vae", List.of(model.comfyUiVae()))
        .putFolder(
            "loras",
            List.of(
                "maya_lora/maya_lora_000001000.safetensors",
                "maya_lora/maya_lora_000002000.safetensors",
                "maya_lora/maya_lora.safetensors",
                "styles/boreal.safetensors",
                "maya.safetensors"))
        .putFolder("input", input)
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"qwen-image", "qwen-image-2512", "qwen-image-edit-2509", "qwen-image-edit-2511"})
  void grid_everyCellItWrites_passesTheValidatorAndEditCellsUseTheImage(
      String id, @TempDir Path dir) throws IOException {
    Path data = dataset(dir);
    Path runDir = run(dir);
    Path outDir = dir.resolve("grid");
    BaseModel model = BaseModel.fromId(id).orElseThrow();

    int code =
        run(
            "grid",
            data.toString(),
            "--base-model",
            id,
            "--checkpoints",
            runDir.toString(),
            "-o",
            outDir.toString(),
            "--seeds",
            "2",
            "--strengths",
            "0.8,1.0",
            "-q");

    assertThat(code).as(out + err.toString()).isZero();
    JsonNode m = new ObjectMapper().readTree(outDir.resolve("manifest.json").toFile());
    assertThat(m.path("cells").size()).isEqualTo(3 * 5 * 2 * 2);
    List<String> inputs = new ArrayList<>();
    m.path("referenceImages").forEach(r -> inputs.add(r.path("name").asText()));
    assertThat(inputs.isEmpty()).isEqualTo(!model.isEditModel());
    for (String name : inputs) {
      assertThat(outDir.resolve("input").resolve(name)).isRegularFile();
    }
    PromptValidator validator =
        PromptValidator.of(NodeSchemas.standard(), inventory(model, inputs));
    for (JsonNode cell : m.path("cells")) {
      String body = Files.readString(outDir.resolve(cell.path("file").asText()));
      Workflow w = WorkflowJson.read(body).workflow();
      assertThat(validator.validate(w).error()).as(cell.toString()).isEmpty();
      assertThat(cell.path("loraName").asText()).startsWith("maya_lora/");
      WorkflowNode sampler = w.nodesOf("KSampler").get(0);
      WorkflowNode positive = w.node(sampler.input("positive").get().link().get().node()).get();
      assertThat(positive.classType()).contains(model.comfyUiTextEncodeNode());
      if (model.isEditModel()) {
        assertThat(positive.input("image1").get().isLink()).isTrue();
      }
    }
    assertThat(m.at("/cells/0/filenamePrefix").asText())
        .isEqualTo("eval/maya_lora_000001000_p0_s42_m0.8");
  }

  @Test
  void grid_withComfyUrl_runsEveryCellAndReportShowsTheSheet(@TempDir Path dir) throws IOException {
    Path data = dataset(dir);
    Path runDir = run(dir);
    Path outDir = dir.resolve("grid");
    Path prompts = dir.resolve("prompts.txt");
    Files.writeString(prompts, "# two prompts\n[trigger], portrait\n[trigger], full body\n");
    BaseModel model = BaseModel.QWEN_IMAGE_EDIT_2509;

    try (ComfyUiFake fake = ComfyUiFake.start(inventory(model, List.of()))) {
      int code =
          run(
              "grid",
              data.toString(),
              "--checkpoints",
              runDir.toString(),
              "-o",
              outDir.toString(),
              "--prompts",
              prompts.toString(),
              "--seeds",
              "1",
              "--strengths",
              "0.7,0.9",
              "--comfy-url",
              fake.uri().toString(),
              "--poll",
              "0.01",
              "--format",
              "json",
              "-q");

      assertThat(code).as(out + err.toString()).isZero();
      assertThat(fake.accepted()).hasSize(3 * 2 * 1 * 2);
      assertThat(fake.rejected()).isZero();
      assertThat(fake.inputFiles()).hasSize(1); // the reference image was uploaded
    }
    JsonNode m = new ObjectMapper().readTree(outDir.resolve("manifest.json").toFile());
    for (JsonNode cell : m.path("cells")) {
      assertThat(cell.path("status").asText()).isEqualTo("success");
      assertThat(outDir.resolve(cell.at("/images/0").asText())).isRegularFile();
    }
    assertThat(m.at("/cells/0/images/0").asText())
        .isEqualTo("images/eval/maya_lora_000001000_p0_s42_m0.7_00001_.png");

    out.getBuffer().setLength(0);
    Path html = dir.resolve("report.html");
    int code =
        run("report", data.toString(), "--grid", outDir.toString(), "-o", html.toString(), "-q");
    assertThat(code).as(out + err.toString()).isLessThanOrEqualTo(1);
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).contains("Evaluation grid").contains("maya_char, full body");
    assertThat(page.split("alt=\"seed 42\"", -1)).hasSize(12 + 1);
  }

  @Test
  void grid_editModelWithoutControlImages_cannotRun(@TempDir Path dir) throws IOException {
    ExampleDataset.builder("maya_char")
        .characterImages(4)
        .bodyImages(2)
        .controls(false)
        .write(dir.resolve("data"), new SplittableRandom(4));
    int code =
        run(
            "grid",
            dir.resolve("data").toString(),
            "--checkpoints",
            run(dir).toString(),
            "-o",
            dir.resolve("g").toString(),
            "-q");
    assertThat(code).isEqualTo(Lorakit.CANNOT_RUN);
    assertThat(err.toString()).contains("control image");
  }

  @Test
  void workflowStack_twoLorasWithASweep_isValidAndChained(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stack.json");
    int code =
        run(
            "workflow",
            "stack",
            "--lora",
            "styles/boreal.safetensors:0.6,0.7,0.8",
            "--lora",
            "maya.safetensors:0.9",
            "--base-model",
            "qwen-image",
            "-o",
            file.toString());

    assertThat(code).as(out + err.toString()).isZero();
    Workflow w = WorkflowJson.read(Files.readString(file)).workflow();
    var v =
        PromptValidator.of(NodeSchemas.standard(), inventory(BaseModel.QWEN_IMAGE, List.of()))
            .validate(w);
    assertThat(v.error()).isEmpty();
    assertThat(v.goodOutputs()).hasSize(3);
    assertThat(w.nodesOf("LoraLoaderModelOnly")).hasSize(6);
    assertThat(out.toString()).contains("order does not change the result");
  }

  @Test
  void lint_comfyWorkflowWithTheGuidesMistakes_reportsWorkflowRulesWithLines(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("workflow.json");
    Files.writeString(
        file,
        "{\n \"1\": {\"class_type\": \"UNETLoader\", \"inputs\": {\"unet_name\":"
            + " \"qwen_image_fp8_e4m3fn.safetensors\", \"weight_dtype\": \"default\"}},\n"
            + " \"2\": {\"class_type\": \"KSampler\", \"inputs\": {\"model\": [\"1\", 0],"
            + " \"sampler_name\": \"flowmatch\"}}\n}\n");

    int code = run("lint", file.toString(), "--format", "json");

    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("workflow").asText()).isEqualTo("workflow.json");
    String violations = json.path("violations").toString();
    assertThat(violations)
        .contains("workflow.flowmatch-sampler")
        .contains("workflow.required-input-missing")
        .contains("workflow.no-output");
    for (JsonNode v : json.path("violations")) {
      if (v.path("ruleId").asText().equals("workflow.flowmatch-sampler")) {
        assertThat(v.path("line").asInt()).isEqualTo(3);
      }
    }
  }
}
