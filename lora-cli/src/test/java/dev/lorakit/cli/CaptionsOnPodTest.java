package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.runpod.FakeAiToolkit;
import dev.lorakit.runpod.FakeRunpod;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.training.RunJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code captions generate --on-pod} end to end through the CLI against the fake RunPod and the
 * fake ai-toolkit UI (which runs caption jobs as {@code BaseCaptioner} does), in virtual time.
 */
class CaptionsOnPodTest {
  private static final ObjectMapper M = new ObjectMapper();
  private final RunpodScenariosTest.FakeTime time = new RunpodScenariosTest.FakeTime();

  @TempDir Path tmp;
  private FakeRunpod runpod;
  private FakeAiToolkit ui;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private Path ds;

  @BeforeEach
  void start() throws Exception {
    runpod = new FakeRunpod().readiness(1, 2);
    ui = new FakeAiToolkit(runpod);
    RunpodCommand.env = k -> k.equals("RUNPOD_API_KEY") ? FakeRunpod.API_KEY : System.getenv(k);
    RunpodCommand.sleeper = time;
    RunpodCommand.clock = time;
    ds = tmp.resolve("dataset");
    for (String f :
        List.of(
            "40_maya_char/img001.png",
            "40_maya_char/img002.png",
            "40_maya_char/img 003.png",
            "20_maya_char_realbody/body001.png")) {
      Path p = ds.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, FakeAiToolkit.image(f.length(), false));
    }
    // an existing caption stays as it is without --overwrite
    Files.writeString(ds.resolve("40_maya_char/img002.txt"), "maya_char, portrait, my own words");
  }

  @AfterEach
  void stop() {
    try {
      assertThat(runpod.livePodIds()).as("leaked pods").isEmpty();
      assertThat(runpod.requestViolations()).as("requests the real API rejects").isEmpty();
    } finally {
      RunpodCommand.env = System::getenv;
      RunpodCommand.sleeper = Sleeper.REAL;
      RunpodCommand.clock = Clock.systemUTC();
      ui.close();
      runpod.close();
    }
  }

  private int run(String... extra) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "captions",
                "generate",
                ds.toString(),
                "--on-pod",
                "--api-url",
                runpod.baseUrl().toString(),
                "--proxy-url-template",
                ui.proxyTemplate(),
                "--output",
                tmp.resolve("runs/captions").toString(),
                "--format",
                "json"));
    args.addAll(List.of(extra));
    return Lorakit.execute(
        args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void onPod_captionsComeHomeEdited_noPodLeft_costRecorded() throws Exception {
    // asked for tags, the VLM answers comma-separated tags; --remove-tags works on those parts
    ui.captionModel(
        p ->
            "1girl, portrait, blue eyes, smiling, "
                + p.substring(p.lastIndexOf('/') + 1, p.indexOf('.')));
    Path remove = tmp.resolve("remove.txt");
    Files.writeString(remove, "blue_eyes\n");
    int code =
        run(
            "--remove-tags",
            remove.toString(),
            "--caption-prompt",
            "List booru tags for this image, comma-separated.");

    assertThat(code).as(err.toString() + out).isZero();
    JsonNode json = M.readTree(out.toString());
    assertThat(json.path("tagged").asInt()).isEqualTo(3);
    assertThat(json.path("kept").asInt()).isEqualTo(1);
    assertThat(json.path("written")).hasSize(3);
    JsonNode pod = json.path("pod");
    assertThat(pod.path("state").asText()).isEqualTo("COMPLETED");
    assertThat(pod.path("captioner").asText()).isEqualTo("Qwen3VLCaptioner");
    assertThat(pod.path("podTerminated").asBoolean()).isTrue();
    assertThat(pod.path("costUsd").asDouble()).isPositive();
    assertThat(pod.path("billedUsd").isNumber()).isTrue();
    assertThat(Files.readString(ds.resolve("40_maya_char/img001.txt"), StandardCharsets.UTF_8))
        .isEqualTo("maya_char, 1girl, portrait, smiling, img001");
    // "img 003.png" was stored as img_003.png on the pod; its caption comes home to "img 003.txt"
    assertThat(Files.readString(ds.resolve("40_maya_char/img 003.txt"))).endsWith(", img_003");
    assertThat(Files.readString(ds.resolve("20_maya_char_realbody/body001.txt")))
        .isEqualTo("maya_char, realistic_body, 1girl, portrait, smiling, body001");
    assertThat(Files.readString(ds.resolve("40_maya_char/img002.txt")))
        .isEqualTo("maya_char, portrait, my own words");
    // only the images without a caption went up, with the prompt given
    assertThat(ui.captionsWritten()).hasSize(3);
    Path runDir = tmp.resolve("runs/captions");
    assertThat(
            M.readTree(runDir.resolve("job.json").toFile())
                .at("/config/process/0/caption/caption_prompt")
                .asText())
        .isEqualTo("List booru tags for this image, comma-separated.");
    RunJournal journal = RunJournal.open(runDir);
    assertThat(journal.livePods()).isEmpty();
    assertThat(journal.spentUsd()).isEqualTo(pod.path("costUsd").asDouble());

    // a second run has nothing to caption: no pod is rented
    int again = run();
    assertThat(again).isZero();
    assertThat(M.readTree(out.toString()).path("pod").path("state").asText())
        .isEqualTo("NOT_NEEDED");
    assertThat(runpod.podsEverCreated()).isEqualTo(1);

    // lorakit check passes the caption rules on what came home
    StringWriter o = new StringWriter();
    int check =
        Lorakit.execute(
            new String[] {"check", ds.toString(), "--format", "json"},
            new PrintWriter(o, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(check).isIn(0, 1);
    List<String> captionRules = new ArrayList<>();
    M.readTree(o.toString())
        .path("violations")
        .forEach(
            v -> {
              if (v.path("ruleId").asText().startsWith("caption.")) {
                captionRules.add(v.path("ruleId").asText() + " " + v.path("path").asText());
              }
            });
    assertThat(captionRules).isEmpty();
  }

  @Test
  void onPod_dryRun_showsTheDiff_writesNothing() throws Exception {
    int code = run("--dry-run");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = M.readTree(out.toString());
    assertThat(json.path("diff").asText()).contains("+maya_char, A woman with brown hair");
    assertThat(json.path("written")).isEmpty();
    assertThat(ds.resolve("40_maya_char/img001.txt")).doesNotExist();
  }

  @Test
  void onPod_failingCaptionJob_leavesNoPod_andWritesNothing() throws Exception {
    ui.captionLoadError("CUDA out of memory. Tried to allocate 1.50 GiB");
    int code = run();
    assertThat(code).isEqualTo(1);
    JsonNode pod = M.readTree(out.toString()).path("pod");
    assertThat(pod.path("state").asText()).isEqualTo("FAILED");
    assertThat(pod.path("message").asText()).contains("CUDA out of memory");
    assertThat(pod.path("podTerminated").asBoolean()).isTrue();
    assertThat(ds.resolve("40_maya_char/img001.txt")).doesNotExist();
    assertThat(RunJournal.open(tmp.resolve("runs/captions")).livePods()).isEmpty();
  }

  @Test
  void onPod_rotatedPhoto_isUploadedUpright_becauseTheCaptionerDoesNotApplyExif() throws Exception {
    // a phone photo: stored 64x32, EXIF orientation 6, shown (and trained) as 32x64
    Files.write(
        ds.resolve("40_maya_char/phone.jpg"),
        dev.lorakit.testkit.ExifJpeg.of(
            dev.lorakit.testkit.ExifJpeg.halves(64, 32, 0xff0000, 0x0000ff), 6));
    int code = run();
    assertThat(code).as(err.toString()).isZero();

    byte[] onPod = ui.dataset("40_maya_char").get("phone.jpg");
    java.awt.image.BufferedImage up =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(onPod));
    assertThat(up.getWidth()).isEqualTo(32);
    assertThat(up.getHeight()).isEqualTo(64);
    assertThat(Files.readString(ds.resolve("40_maya_char/phone.txt"))).startsWith("maya_char, ");
    // the upright images went up unchanged
    assertThat(ui.dataset("40_maya_char").get("img001.png"))
        .isEqualTo(Files.readAllBytes(ds.resolve("40_maya_char/img001.png")));
  }

  @Test
  void onPod_withWd14_isAUsageError_exit2() {
    int code = run("--wd14", "model.onnx", "--tags", "t.csv");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--on-pod").contains("fix:");
  }
}
