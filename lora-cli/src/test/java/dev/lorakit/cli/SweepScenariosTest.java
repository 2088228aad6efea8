package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.runpod.FakeAiToolkit;
import dev.lorakit.runpod.FakeRunpod;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.VirtualTime;
import dev.lorakit.testkit.FakeVisionModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's four-arm sweep from the CLI ({@code lorakit sweep} without {@code --dry-run}) against
 * the in-process fake RunPod and fake ai-toolkit UIs, one pod per arm, in shared virtual time, with
 * the tiny ONNX face models of the testkit scoring each arm's samples.
 */
class SweepScenariosTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final double PRICE = 0.86; // FakeRunpod's Secure price of the NVIDIA L40S

  /**
   * Each arm's samples, painted as in {@link FakeVisionModels#improvingThenCopyingRun}, whose
   * documented identities (cosine to the dataset's face centroid, by the fake embedder's
   * definition) are: green 188 / blue 100 = 1.000, 100/100 = 0.956, a copy of img001 = 0.776 (with
   * copycat 1.0), 40/200 = 0.633.
   */
  private static final Map<String, int[]> FACES =
      Map.of(
          "lr1e-4_r8", new int[] {188, 100, 100, 100, 100},
          "lr1e-4_r16", new int[] {100, 100, 100, 100, 100},
          "lr2e-4_r8", new int[] {120, 255, 0, 0, 0},
          "lr2e-4_r16", new int[] {40, 200, 200, 200, 200});

  @TempDir Path tmp;
  private FakeRunpod runpod;
  private FakeAiToolkit ui;
  private final VirtualTime time = new VirtualTime();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path dataset;
  private Path det;
  private Path emb;
  private String previousHome;

  @BeforeEach
  void start() throws IOException {
    runpod = new FakeRunpod().readiness(1, 2);
    // 8 steps per 30 s poll: 3.75 s a step in virtual time, near the 4 s the fake logs.
    ui = new FakeAiToolkit(runpod).stepsPerPoll(8).sampleImages(SweepScenariosTest::sample);
    RunpodCommand.env = k -> k.equals("RUNPOD_API_KEY") ? FakeRunpod.API_KEY : System.getenv(k);
    RunpodCommand.sleeper = time;
    RunpodCommand.clock = time;
    SweepCommand.sleeper = time::sleep;
    SweepCommand.threads = time.threads();
    previousHome = System.getProperty("lorakit.home");
    System.setProperty("lorakit.home", tmp.resolve("home").toString());
    dataset = tmp.resolve("dataset");
    FakeVisionModels.improvingThenCopyingRun(dataset, tmp.resolve("unused"), "maya_char");
    det = FakeVisionModels.yunet(tmp.resolve("yunet.onnx"), 4);
    emb = FakeVisionModels.sface(tmp.resolve("sface.onnx"));
  }

  @AfterEach
  void stop() {
    try {
      assertThat(runpod.livePodIds()).as("leaked pods").isEmpty();
      assertThat(runpod.requestViolations()).as("requests the real API rejects").isEmpty();
      assertThat(runpod.responseViolations()).isEmpty();
    } finally {
      RunpodCommand.env = System::getenv;
      RunpodCommand.sleeper = Sleeper.REAL;
      RunpodCommand.clock = Clock.systemUTC();
      SweepCommand.sleeper = d -> Thread.sleep(Math.max(0, d.toMillis()));
      SweepCommand.threads = null;
      if (previousHome == null) {
        System.clearProperty("lorakit.home");
      } else {
        System.setProperty("lorakit.home", previousHome);
      }
      ui.close();
      runpod.close();
    }
  }

  private static byte[] sample(String job, int step) {
    int[] f =
        FACES.entrySet().stream()
            .filter(e -> job.endsWith("_" + e.getKey()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no face for " + job))
            .getValue();
    BufferedImage img = FakeVisionModels.canvas(640, 640);
    boolean copy = f[2] == 0;
    FakeVisionModels.paintFace(
        img, copy ? 128 : 192, copy ? 128 : 160, 128, 32, f[0], new int[] {f[1], f[2], f[3], f[4]});
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private int run(List<String> args) {
    time.join(true);
    try {
      return Lorakit.execute(
          args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      time.leave();
    }
  }

  private List<String> sweep(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                dataset.toString(),
                "--base-model",
                "qwen-image-2512",
                "--vary",
                "lr=1e-4,2e-4",
                "--vary",
                "rank=8,16",
                "--parallel",
                "2",
                "--price-per-hour",
                String.valueOf(PRICE)));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void sweep_fourArmsUnderACapForFewer_stopsTheWeakAtRungOneAndBringsEverythingHome()
      throws Exception {
    assertThat(run(sweep("--max-cost", "100000", "--dry-run", "--format", "json")))
        .as(err.toString())
        .isZero();
    JsonNode dry = M.readTree(out.toString());
    out.getBuffer().setLength(0);
    double perArm = dry.get("arms").get(0).get("projectedCostUsd").asDouble();
    // A cap of three arms' projections: all four to their end would not fit (the dry run refuses
    // it), but two at once plus the arms stopped at a third of their steps do.
    double cap = 3 * perArm;
    assertThat(dry.get("projectedCostUsd").asDouble()).isGreaterThan(cap);

    int code =
        run(
            sweep(
                "--max-cost",
                String.valueOf(cap),
                "--detector",
                det.toString(),
                "--embedder",
                emb.toString(),
                "--api-url",
                runpod.baseUrl().toString(),
                "--proxy-url-template",
                ui.proxyTemplate(),
                "--output",
                tmp.resolve("sweep").toString(),
                "--name",
                "maya-s1",
                "--format",
                "json"));

    assertThat(code).as(err + "\n" + out).isZero();
    JsonNode r = M.readTree(out.toString());
    assertThat(r.get("spentUsd").asDouble()).isPositive().isLessThanOrEqualTo(cap);
    assertThat(r.get("liveTrainers")).isEmpty();
    List<String> ranking = new ArrayList<>();
    r.get("ranking").forEach(n -> ranking.add(n.asText()));
    assertThat(ranking).hasSize(4);
    assertThat(ranking.get(0)).endsWith("_lr1e-4_r8");
    for (JsonNode arm : r.get("arms")) {
      String name = arm.get("name").asText();
      assertThat(arm.get("released").asBoolean()).as(name).isTrue();
      if (name.endsWith("_lr1e-4_r8")) {
        assertThat(arm.get("ending").asText()).isEqualTo("COMPLETED");
        assertThat(arm.get("finalScore").get("identity").asDouble()).isEqualTo(1.0);
        continue;
      }
      assertThat(arm.get("ending").asText()).as(name).isEqualTo("STOPPED");
      assertThat(arm.get("reason").asText()).as(name).startsWith("rung 1 at step");
      assertThat(arm.get("rungScores")).hasSize(1);
      int rungStep = arm.get("rungScores").get(0).get("step").asInt();
      // save_now before the stop: a checkpoint at or after the rung's step came home.
      List<Integer> steps = new ArrayList<>();
      arm.get("checkpoints")
          .forEach(
              c -> {
                java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("_(\\d{9})\\.safetensors$").matcher(c.asText());
                if (m.find()) {
                  steps.add(Integer.parseInt(m.group(1)));
                }
              });
      assertThat(steps).as(name).anyMatch(s -> s >= rungStep);
    }
    // identity separates the arms (expected values above, from the fake models' definitions)
    Map<String, Double> identity = new java.util.TreeMap<>();
    r.get("arms")
        .forEach(
            a ->
                identity.put(
                    a.get("name").asText().replaceAll(".*_(lr[^_]+_r\\d+)$", "$1"),
                    a.get("rungScores").get(0).get("identity").asDouble()));
    assertThat(identity.get("lr1e-4_r8"))
        .isCloseTo(1.000, org.assertj.core.api.Assertions.within(0.01));
    assertThat(identity.get("lr1e-4_r16"))
        .isCloseTo(0.956, org.assertj.core.api.Assertions.within(0.01));
    assertThat(identity.get("lr2e-4_r8"))
        .isCloseTo(0.776, org.assertj.core.api.Assertions.within(0.01));
    assertThat(identity.get("lr2e-4_r16"))
        .isCloseTo(0.633, org.assertj.core.api.Assertions.within(0.01));
    // save_now was asked of the three stopped jobs
    assertThat(ui.calls().stream().filter(c -> c.endsWith("/save_now")).count()).isEqualTo(3);
    // every checkpoint any trainer wrote and kept came home, byte for byte
    Map<String, byte[]> written = ui.checkpointsEverWritten();
    Path sweepDir = tmp.resolve("sweep");
    for (JsonNode arm : r.get("arms")) {
      String name = arm.get("name").asText();
      List<String> atHome = new ArrayList<>();
      arm.get("checkpoints").forEach(c -> atHome.add(Path.of(c.asText()).getFileName().toString()));
      assertThat(atHome)
          .as("every checkpoint " + name + " wrote is at home")
          .containsExactlyInAnyOrderElementsOf(
              written.keySet().stream()
                  .filter(f -> f.equals(name + ".safetensors") || f.startsWith(name + "_0"))
                  .toList());
      for (JsonNode c : arm.get("checkpoints")) {
        Path home = sweepDir.resolve(c.asText());
        assertThat(Files.readAllBytes(home))
            .as(c.asText())
            .isEqualTo(written.get(home.getFileName().toString()));
      }
    }
    assertThat(runpod.podsEverCreated()).isEqualTo(4);
    assertThat(Files.exists(sweepDir.resolve("sweep.json"))).isTrue();
    // the completed arm's measured speed went to the speed log under lorakit.home
    assertThat(tmp.resolve("home")).isDirectory();
  }
}
