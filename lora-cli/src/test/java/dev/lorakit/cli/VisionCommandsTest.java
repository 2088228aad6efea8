package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.testkit.FakeVisionModels;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Lorakit.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static void image(Path file, int rgb) throws Exception {
    BufferedImage img = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void captionsGenerate_guideLayout_writesTriggerFirstCaptionsThatPassTheCaptionRules()
      throws Exception {
    Path ds = dir.resolve("dataset");
    image(ds.resolve("40_maya_char/img001.png"), 0xff0000);
    image(ds.resolve("40_maya_char/img002.png"), 0x0000ff);
    image(ds.resolve("40_maya_char/img003.png"), 0x00ff00);
    image(ds.resolve("20_maya_char_realbody/body001.png"), 0xff0000);
    image(ds.resolve("20_maya_char_realbody/body002.png"), 0x808080);
    Path[] wd14 = FakeVisionModels.wd14(dir.resolve("wd14"));
    Path remove = dir.resolve("remove.txt");
    Files.writeString(remove, "# features the tagger hallucinates\nbrown_eyes\n");
    String[] args = {
      "captions",
      "generate",
      ds.toString(),
      "--wd14",
      wd14[0].toString(),
      "--tags",
      wd14[1].toString(),
      "--remove-tags",
      remove.toString(),
      "--format",
      "json"
    };

    int dry = run(concat(args, "--dry-run"));
    assertThat(dry).as(err.toString()).isZero();
    assertThat(JSON.readTree(out.toString()).path("changes").asInt()).isEqualTo(5);
    assertThat(Files.exists(ds.resolve("40_maya_char/img001.txt"))).isFalse();

    int code = run(args);
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = JSON.readTree(out.toString());
    assertThat(json.path("tagged").asInt()).isEqualTo(5);
    assertThat(json.path("written")).hasSize(5);
    // the fake tagger scores red_theme from R, blue_background from B (fed as BGR)
    assertThat(Files.readString(ds.resolve("40_maya_char/img001.txt")))
        .startsWith("maya_char, ")
        .contains("red theme")
        .doesNotContain("blue background")
        .doesNotContain("brown eyes")
        .doesNotContain("general");
    assertThat(Files.readString(ds.resolve("40_maya_char/img002.txt"))).contains("blue background");
    assertThat(Files.readString(ds.resolve("20_maya_char_realbody/body001.txt")))
        .startsWith("maya_char, realistic_body, ");

    int again = run(args);
    assertThat(again).isZero();
    assertThat(JSON.readTree(out.toString()).path("kept").asInt()).isEqualTo(5);
    assertThat(JSON.readTree(out.toString()).path("changes").asInt()).isZero();

    int check = run("check", ds.toString(), "--base-model", "qwen-image-2512", "--format", "json");
    List<String> captionRules = new ArrayList<>();
    JSON.readTree(out.toString())
        .path("violations")
        .forEach(
            v -> {
              if (v.path("ruleId").asText().startsWith("caption.")) {
                captionRules.add(v.path("ruleId").asText() + " " + v.path("path").asText());
              }
            });
    assertThat(check).isIn(0, 1);
    assertThat(captionRules).isEmpty();
  }

  @Test
  void captionsGenerate_missingModel_isAOneLineErrorWithTheFix_exit2() throws Exception {
    Path ds = dir.resolve("dataset");
    image(ds.resolve("40_maya_char/img001.png"), 0xff0000);
    int code =
        run(
            "captions",
            "generate",
            ds.toString(),
            "--wd14",
            dir.resolve("model.onnx").toString(),
            "--tags",
            dir.resolve("selected_tags.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("lorakit: ")
        .contains("not found");
    assertThat(err.toString()).contains("fix: download");
  }

  @Test
  void faces_plantedCases_reportEach_andWriteMasksGoIntoTheConfig() throws Exception {
    Path ds = dir.resolve("dataset");
    Map<String, String> planted = FakeVisionModels.plantedFaceDataset(ds, "maya_char");
    Path det = FakeVisionModels.yunet(dir.resolve("yunet.onnx"), 4);
    Path emb = FakeVisionModels.sface(dir.resolve("sface.onnx"));

    int code =
        run(
            "faces",
            ds.toString(),
            "--detector",
            det.toString(),
            "--embedder",
            emb.toString(),
            "--format",
            "json");
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(violations(out.toString())).isEqualTo(planted);

    int masked =
        run(
            "faces",
            ds.toString(),
            "--detector",
            det.toString(),
            "--embedder",
            emb.toString(),
            "--write-masks",
            "--format",
            "json");
    assertThat(masked).as(err.toString()).isZero();
    JsonNode json = JSON.readTree(out.toString());
    assertThat(json.path("masks").path("written").toString())
        .contains(".lorakit/masks/20_maya_char_realbody/body001.png");
    assertThat(violations(out.toString())).doesNotContainValue("face.in-body-photo");

    Path cfg = dir.resolve("train.yaml");
    int config =
        run("config", ds.toString(), "--base-model", "qwen-image-2512", "-o", cfg.toString());
    assertThat(config).as(err.toString()).isIn(0, 1);
    String yaml = Files.readString(cfg);
    assertThat(yaml).contains("mask_path:").contains(".lorakit/masks/20_maya_char_realbody");
  }

  @Test
  void faces_missingDetector_exit2() throws Exception {
    Path ds = dir.resolve("dataset");
    FakeVisionModels.plantedFaceDataset(ds, "maya_char");
    int code =
        run(
            "faces",
            ds.toString(),
            "--detector",
            dir.resolve("det.onnx").toString(),
            "--embedder",
            FakeVisionModels.sface(dir.resolve("e.onnx")).toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("face detector model file").contains("fix: download");
  }

  @Test
  void rank_improvingThenCopyingRun_ordersByIdentity_andTheReportShowsIt() throws Exception {
    Path ds = dir.resolve("dataset");
    Path runDir = dir.resolve("run");
    FakeVisionModels.improvingThenCopyingRun(ds, runDir, "maya_char");
    Path det = FakeVisionModels.scrfd(dir.resolve("scrfd.onnx"), 4);
    Path emb = FakeVisionModels.sface(dir.resolve("sface.onnx"));
    int code =
        run(
            "rank",
            runDir.toString(),
            "--dataset",
            ds.toString(),
            "--detector",
            det.toString(),
            "--embedder",
            emb.toString(),
            "--format",
            "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = JSON.readTree(out.toString());
    List<Long> steps = new ArrayList<>();
    json.path("checkpoints").forEach(c -> steps.add(c.path("step").asLong()));
    assertThat(steps).containsExactly(600L, 400L, 800L, 200L);
    assertThat(json.path("recommended").path("step").asLong()).isEqualTo(600);
    assertThat(json.path("recommended").path("checkpoint").asText())
        .isEqualTo("maya_char_lora_000000600.safetensors");
    assertThat(Files.exists(runDir.resolve("lorakit-rank.json"))).isTrue();

    Path html = dir.resolve("report.html");
    int report =
        run(
            "report",
            ds.toString(),
            "--base-model",
            "qwen-image-2512",
            "--run",
            runDir.toString(),
            "-o",
            html.toString());
    assertThat(report).as(err.toString()).isIn(0, 1);
    assertThat(Files.readString(html))
        .contains("Checkpoint ranking by identity")
        .contains("Recommended: step 600");
  }

  private static Map<String, String> violations(String json) throws Exception {
    Map<String, String> found = new LinkedHashMap<>();
    JSON.readTree(json)
        .path("violations")
        .forEach(v -> found.put(v.path("path").asText(), v.path("ruleId").asText()));
    return found;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
