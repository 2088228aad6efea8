package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's dataset as the guide builds it (70 character images in {@code 40_maya_char}, 30 body
 * photos in {@code 20_maya_char_realbody}, 1024 px, trigger-first captions, no control images),
 * taken through every way out of the Edit-2509 dead end and through the two new base models.
 */
class GuideDatasetTest {
  @TempDir static Path shared;
  static Path dataset;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void writeGuideDataset() {
    dataset = shared.resolve("dataset");
    ExampleDataset.builder("maya_char")
        .characterImages(70)
        .bodyImages(30)
        .repeats(40, 20)
        .controls(false)
        .write(dataset, new SplittableRandom(11));
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Lorakit.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private JsonNode checkJson(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("check", dataset.toString(), "-q"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--format", "json"));
    run(args.toArray(String[]::new));
    return new ObjectMapper().readTree(out.toString());
  }

  private static List<String> ids(JsonNode json, String severity) {
    List<String> ids = new ArrayList<>();
    for (JsonNode v : json.get("violations")) {
      if (v.get("severity").asText().equals(severity)) {
        ids.add(v.get("ruleId").asText());
      }
    }
    return ids;
  }

  @Test
  void check_edit2509WithoutControls_oneErrorNamingTheThreeWaysOut() throws IOException {
    JsonNode json = checkJson();

    assertThat(ids(json, "ERROR")).containsExactly("control.missing-folders");
    JsonNode error = json.get("violations").get(0);
    assertThat(error.get("hint").asText())
        .contains("--base-model qwen-image-2512")
        .contains("--text-only-edit")
        .contains("control folder");
  }

  @Test
  void check_qwenImage2512_noError() throws IOException {
    JsonNode json = checkJson("--base-model", "qwen-image-2512");

    assertThat(ids(json, "ERROR")).isEmpty();
    assertThat(json.get("baseModel").asText()).isEqualTo("qwen-image-2512");
  }

  @Test
  void check_textOnlyEdit_oneWarningForTheWorkaround() throws IOException {
    JsonNode json = checkJson("--text-only-edit");

    assertThat(ids(json, "ERROR")).isEmpty();
    assertThat(ids(json, "WARNING")).containsExactly("control.text-only-workaround");
  }

  @Test
  void config_newBaseModels_writeTheirRepositoryAndTaggedArch() throws IOException {
    // ai-toolkit ui/src/app/jobs/new/options.tsx: qwen_image:2512 -> Qwen/Qwen-Image-2512,
    // qwen_image_edit_plus:2511 -> Qwen/Qwen-Image-Edit-2511 (ai-toolkit-audit.md row 10).
    Path x2512 = shared.resolve("x2512.yaml");
    assertThat(
            run(
                "config",
                dataset.toString(),
                "-q",
                "--base-model",
                "qwen-image-2512",
                "-o",
                x2512.toString()))
        .as(err.toString())
        .isZero();
    String yaml2512 = Files.readString(x2512, StandardCharsets.UTF_8);
    assertThat(yaml2512)
        .contains("name_or_path: \"Qwen/Qwen-Image-2512\"")
        .contains("arch: \"qwen_image:2512\"");

    Path x2511 = shared.resolve("x2511.yaml");
    assertThat(
            run(
                "config",
                dataset.toString(),
                "-q",
                "--base-model",
                "qwen-image-edit-2511",
                "--text-only-edit",
                "-o",
                x2511.toString()))
        .as(err.toString())
        .isZero();
    String yaml2511 = Files.readString(x2511, StandardCharsets.UTF_8);
    assertThat(yaml2511)
        .contains("name_or_path: \"Qwen/Qwen-Image-Edit-2511\"")
        .contains("arch: \"qwen_image\"  # override of qwen_image_edit_plus");
  }

  @Test
  void config_edit2511WithControls_writesTheTaggedEditArch(@TempDir Path dir) throws IOException {
    Path withControls = dir.resolve("dataset");
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .write(withControls, new SplittableRandom(12));
    Path file = dir.resolve("x.yaml");

    int code =
        run(
            "config",
            withControls.toString(),
            "-q",
            "--base-model",
            "qwen-image-edit-2511",
            "-o",
            file.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("name_or_path: \"Qwen/Qwen-Image-Edit-2511\"")
        .contains("arch: \"qwen_image_edit_plus:2511\"");
  }

  @Test
  void lint_2509AdapterOn2511Weights_isAnError(@TempDir Path dir) throws IOException {
    // ui/src/app/jobs/new/options.tsx pairs Edit-2511 with qwen_image_edit_2511_torchao_uint3 only;
    // "Training an ARA now, the other one will not work" (ai-toolkit-audit.md row 10).
    Path file = dir.resolve("x.yaml");
    run(
        "config",
        dataset.toString(),
        "-q",
        "--base-model",
        "qwen-image-edit-2511",
        "--text-only-edit",
        "-o",
        file.toString());
    String yaml =
        Files.readString(file, StandardCharsets.UTF_8)
            .replace("qtype: \"qfloat8\"", "qtype: \"uint3\"")
            .replace(
                "        quantize: true\n",
                "        quantize: true\n        accuracy_recovery_adapter:"
                    + " ostris/accuracy_recovery_adapters/qwen_image_edit_2509_torchao_uint3.safetensors\n");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);

    int code = run("lint", file.toString(), "--format", "json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(ids(json, "ERROR")).contains("quantization.adapter-wrong-model");
  }

  @Test
  void init_writesAProjectFileThatCheckPlanAndConfigAccept(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub").resolve("lorakit.yaml");
    Files.createDirectories(file.getParent());

    int code =
        run(
            "init",
            dataset.toString(),
            "-q",
            "--base-model",
            "qwen-image-2512",
            "-o",
            file.toString());

    assertThat(code).as(out + "" + err).isZero();
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(yaml)
        .contains("trigger: \"maya_char\"  # the name part of the first character folder")
        .contains("base_model: \"qwen-image-2512\"")
        .contains("repeats: 40  # from the N_ prefix of the folder name")
        .contains("rank: 16  # guide: rank 16");
    assertThat(run("check", file.toString(), "-q")).as(out.toString()).isZero();
    assertThat(out.toString()).contains("40_maya_char").contains("images 70");
    assertThat(run("plan", file.toString(), "-q")).as(out + "" + err).isZero();
    assertThat(run("config", file.toString(), "-q")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("name_or_path: \"Qwen/Qwen-Image-2512\"");
    assertThat(run("init", dataset.toString(), "-q", "-o", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--force");
  }

  @Test
  void sweep_dryRun_plansEveryArmAndRefusesOverTheCapSayingByHowMuch() throws IOException {
    String[] base = {
      "sweep",
      dataset.toString(),
      "-q",
      "--base-model",
      "qwen-image-2512",
      "--vary",
      "lr=1e-4,2e-4,3e-4",
      "--vary",
      "rank=8,16",
      "--parallel",
      "3",
      "--price-per-hour",
      "1",
      "--dry-run",
      "--format",
      "json"
    };
    List<String> generous = new ArrayList<>(List.of(base));
    generous.addAll(List.of("--max-cost", "100000"));
    assertThat(run(generous.toArray(String[]::new))).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("arms")).hasSize(6);
    double total = json.get("projectedCostUsd").asDouble();
    double sum = 0;
    for (JsonNode arm : json.get("arms")) {
      sum += arm.get("projectedCostUsd").asDouble();
      // 70 x 40 + 30 x 20 = 3,400 samples an epoch, accumulation 4: 850 steps x 10 epochs.
      assertThat(arm.get("totalSteps").asInt()).isEqualTo(8500);
    }
    assertThat(total).isEqualTo(sum);

    List<String> tight = new ArrayList<>(List.of(base));
    tight.addAll(List.of("--max-cost", "10"));
    tight.remove("json");
    tight.remove("--format");
    assertThat(run(tight.toArray(String[]::new))).isEqualTo(Lorakit.FOUND_ERRORS);
    assertThat(out.toString())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "refused: the projection exceeds the cap of $10.00 by $%.2f",
                total - 10));
  }

  @Test
  void sweep_withoutDryRunOrKey_isACleanRefusal() {
    // The guide's dataset as written (Edit-2509 without controls) fails the rules in every arm.
    int code = run("sweep", dataset.toString(), "-q", "--vary", "lr=1e-4", "--max-cost", "50");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("no arm of the sweep passes the rules")
        .contains("--dry-run");
    int key =
        run(
            "sweep",
            dataset.toString(),
            "-q",
            "--base-model",
            "qwen-image-2512",
            "--vary",
            "lr=1e-4",
            "--max-cost",
            "50");
    assertThat(key).isEqualTo(2);
    assertThat(err.toString()).doesNotContain("Exception").contains("RUNPOD_API_KEY");
  }
}
