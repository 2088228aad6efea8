package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.runpod.FakeAiToolkit;
import dev.lorakit.runpod.FakeRunpod;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.testkit.ExampleDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-run scenarios of issue 14, each from the CLI ({@code runpod launch --api-url
 * --proxy-url-template --format json}) against the in-process fake RunPod (validated against
 * runpod-openapi-v2.json) and fake ai-toolkit UI, in virtual time. Each ends with no pod left and
 * every checkpoint the trainer wrote at home, byte for byte.
 */
class RunpodScenariosTest {
  private static final ObjectMapper M = new ObjectMapper();

  /** Virtual time: a sleep advances the clock at once. */
  static final class FakeTime extends Clock implements Sleeper {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-24T12:00:00Z"));
    volatile int sleepsUntilKill = -1;

    @Override
    public void sleep(Duration d) {
      if (sleepsUntilKill > 0 && --sleepsUntilKill == 0) {
        throw new SimulatedKill();
      }
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** Stands for the process dying (SIGKILL): nothing in lorakit catches an Error. */
  static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  private final FakeTime time = new FakeTime();

  @TempDir Path tmp;
  private FakeRunpod runpod;
  private FakeAiToolkit ui;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path dataset;
  private Path runDir;
  private String previousHome;

  @BeforeEach
  void start() {
    runpod = new FakeRunpod().readiness(1, 2);
    ui = new FakeAiToolkit(runpod);
    RunpodCommand.env = k -> k.equals("RUNPOD_API_KEY") ? FakeRunpod.API_KEY : System.getenv(k);
    RunpodCommand.sleeper = time;
    RunpodCommand.clock = time;
    previousHome = System.getProperty("lorakit.home");
    System.setProperty("lorakit.home", tmp.resolve("home").toString());
    dataset = tmp.resolve("dataset");
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .write(dataset, new SplittableRandom(1));
    runDir = tmp.resolve("runs/maya");
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
      if (previousHome == null) {
        System.clearProperty("lorakit.home");
      } else {
        System.setProperty("lorakit.home", previousHome);
      }
      ui.close();
      runpod.close();
    }
  }

  private int run(String... args) {
    return Lorakit.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private int launch(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "runpod",
                "launch",
                dataset.toString(),
                "--api-url",
                runpod.baseUrl().toString(),
                "--proxy-url-template",
                ui.proxyTemplate(),
                "--output",
                runDir.toString(),
                "--format",
                "json"));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  private List<JsonNode> events() throws IOException {
    List<JsonNode> list = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        list.add(M.readTree(line));
      }
    }
    return list;
  }

  private static List<JsonNode> of(List<JsonNode> events, String kind) {
    return events.stream()
        .filter(e -> e.path("event").asText().equals(kind))
        .collect(Collectors.toList());
  }

  private JsonNode finished(List<JsonNode> events) {
    List<JsonNode> f = of(events, "finished");
    assertThat(f).as(err.toString()).hasSize(1);
    return f.get(0);
  }

  /** Every checkpoint the fake trainer ever wrote is at home with the same bytes. */
  private void assertEveryCheckpointAtHome() throws IOException {
    Map<String, byte[]> written = ui.checkpointsEverWritten();
    assertThat(written).isNotEmpty();
    for (Map.Entry<String, byte[]> e : written.entrySet()) {
      Path home = runDir.resolve(e.getKey());
      assertThat(home).as(e.getKey()).exists();
      assertThat(Files.readAllBytes(home)).as(e.getKey()).isEqualTo(e.getValue());
    }
    try (var s = Files.list(runDir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  private static List<String> redFlagIds(List<JsonNode> events) {
    return of(events, "red-flag").stream()
        .map(e -> e.path("ruleId").asText())
        .distinct()
        .collect(Collectors.toList());
  }

  @Test
  void launch_healthyRun_streamsTheLiveViewAndRecordsTheMeasuredSpeedForPlan() throws IOException {
    int code = launch();

    List<JsonNode> events = events();
    assertThat(code).as(err.toString()).isZero();
    assertThat(finished(events).path("state").asText()).isEqualTo("COMPLETED");
    assertThat(of(events, "pod-ready")).hasSize(1);
    JsonNode last = of(events, "progress").get(of(events, "progress").size() - 1);
    assertThat(last.path("total").asInt()).isPositive();
    // The fake trainer logs wall_time 4.0 s apart per step (FakeAiToolkit.SECONDS_PER_STEP).
    assertThat(last.path("secondsPerStep").asDouble()).isEqualTo(FakeAiToolkit.SECONDS_PER_STEP);
    assertThat(of(events, "loss"))
        .isNotEmpty()
        .allMatch(e -> e.path("key").asText().equals("loss/loss"));
    assertThat(of(events, "monitor")).isNotEmpty();
    assertThat(of(events, "sample"))
        .isNotEmpty()
        .allMatch(e -> e.path("file").asText().startsWith("samples/"));
    assertThat(of(events, "checkpoint")).isNotEmpty();
    assertThat(redFlagIds(events)).isEmpty();
    assertThat(of(events, "cost").stream().anyMatch(e -> e.path("reconciled").asBoolean()))
        .isTrue();
    assertEveryCheckpointAtHome();
    assertThat(Files.readString(runDir.resolve("journal.jsonl")))
        .contains("\"pod-created\"", "\"checkpoint\"", "\"pod-terminated\"", "\"finished\"");

    out.getBuffer().setLength(0);
    int planned = run("plan", dataset.toString(), "--format", "json");

    JsonNode plan = M.readTree(out.toString());
    assertThat(planned).isZero();
    assertThat(plan.path("secondsPerStep").asDouble()).isEqualTo(FakeAiToolkit.SECONDS_PER_STEP);
    assertThat(plan.path("secondsPerStepMeasured").asBoolean()).isTrue();
    assertThat(plan.path("secondsPerStepSource").asText())
        .contains("measured by run dataset_lora")
        .contains("speed.json");
  }

  @Test
  void launch_lossPlateau_raisesTheUnderfitRedFlagLiveAndCompletes() throws IOException {
    ui.lossCurve(FakeAiToolkit.PLATEAU);

    int code = launch();

    List<JsonNode> events = events();
    assertThat(code).as(err.toString()).isZero();
    assertThat(redFlagIds(events)).containsExactly("run.loss-plateau");
    assertThat(finished(events).path("redFlags").toString()).contains("run.loss-plateau");
    assertEveryCheckpointAtHome();
  }

  @Test
  void launch_nanLossWithStopOnError_savesNowStopsAndKeepsEveryCheckpoint() throws IOException {
    ui.lossCurve(step -> step >= 610 ? null : FakeAiToolkit.LEARNING.at(step));

    int code = launch("--stop-on", "ERROR");

    List<JsonNode> events = events();
    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    JsonNode end = finished(events);
    assertThat(end.path("state").asText()).isEqualTo("RED_FLAG");
    assertThat(redFlagIds(events)).contains("run.loss-nan");
    List<JsonNode> saved = of(events, "saved-now");
    assertThat(saved).hasSize(1);
    assertThat(saved.get(0).path("step").asInt()).isGreaterThan(610);
    assertThat(runDir.resolve(saved.get(0).path("file").asText())).exists();
    assertThat(ui.jobStates()).allMatch(s -> s.endsWith(":stopped:" + s.split(":")[3]));
    assertEveryCheckpointAtHome();
  }

  @Test
  void launch_costCap_savesNowSoTheWorkSinceTheLastSaveIsKept() throws IOException {
    ui.stepsPerPoll(60);

    int code = launch("--max-cost", "0.08");

    List<JsonNode> events = events();
    assertThat(code).isEqualTo(Lorakit.FOUND_ERRORS);
    JsonNode end = finished(events);
    assertThat(end.path("state").asText()).isEqualTo("COST_CAP");
    // The cap keeps back four 30 s polls at the L40S's $0.86/h for the save (TrainingRun).
    assertThat(end.path("costUsd").asDouble()).isBetween(0.08 - 4 * 0.86 / 120, 0.08);
    List<JsonNode> saved = of(events, "saved-now");
    assertThat(saved).as(out.toString()).hasSize(1);
    int savedStep = saved.get(0).path("step").asInt();
    // The step when the cap stopped the run: the last progress before the save.
    int stoppedAt = 0;
    for (JsonNode e : events) {
      if (e.path("event").asText().equals("saved-now")) {
        break;
      }
      if (e.path("event").asText().equals("progress")) {
        stoppedAt = e.path("step").asInt();
      }
    }
    int stop = stoppedAt;
    int lastRegularBeforeStop =
        of(events, "checkpoint").stream()
            .mapToInt(e -> e.path("step").asInt())
            .filter(s -> s <= stop)
            .max()
            .orElse(0);
    assertThat(stoppedAt).isGreaterThan(lastRegularBeforeStop);
    assertThat(savedStep).isGreaterThanOrEqualTo(stoppedAt);
    assertThat(runDir.resolve(saved.get(0).path("file").asText())).exists();
    assertEveryCheckpointAtHome();
  }

  @Test
  void launch_podLostMidRunOnAVolume_resumesOnANewPodFromTheNewestSave() throws IOException {
    ui.killPodAtStep(730);

    int code = launch("--volume", "maya-vol");

    List<JsonNode> events = events();
    assertThat(code).as(err.toString() + out).isZero();
    assertThat(finished(events).path("state").asText()).isEqualTo("COMPLETED");
    assertThat(of(events, "pod-lost")).hasSize(1);
    JsonNode resumed = of(events, "resumed").get(0);
    assertThat(resumed.path("fromStep").asInt()).isPositive();
    assertThat(of(events, "pod-ready")).hasSize(2);
    assertThat(runpod.podsEverCreated()).isEqualTo(2);
    assertThat(runpod.volumeNames()).containsExactly("maya-vol");
    // The new pod's trainer started at the newest save on the volume, not at step 0.
    assertThat(ui.jobStates()).hasSize(2);
    assertEveryCheckpointAtHome();
  }

  @Test
  void launch_noCapacityForTheFirstTwoCandidates_trainsOnTheCheapestFittingGpu()
      throws IOException {
    runpod.noCapacity("NVIDIA L40S");

    int code = launch();

    List<JsonNode> events = events();
    assertThat(code).as(err.toString()).isZero();
    assertThat(finished(events).path("state").asText()).isEqualTo("COMPLETED");
    // L40S on SECURE, then on COMMUNITY, answer 400; the A40 is the cheapest 48 GB type.
    assertThat(runpod.gpusEverCreated()).containsExactly("NVIDIA A40@SECURE");
    assertThat(of(events, "pod-ready").get(0).path("gpu").asText()).isEqualTo("NVIDIA A40");
    assertThat(runpod.count("POST", "/v2/pods")).isEqualTo(3);
    assertEveryCheckpointAtHome();
  }

  @Test
  void launch_dryRun_printsTheCandidateOrderFromTheLiveCatalog() throws IOException {
    int code = launch("--dry-run");

    String[] lines = out.toString().strip().split("\n");
    JsonNode order = M.readTree(lines[lines.length - 1]);
    assertThat(code).isZero();
    assertThat(order.path("fromLiveCatalog").asBoolean()).isTrue();
    List<String> names = new ArrayList<>();
    order
        .path("candidates")
        .forEach(c -> names.add(c.path("gpu").asText() + "@" + c.path("cloud").asText()));
    assertThat(names.subList(0, 4))
        .containsExactly(
            "NVIDIA L40S@SECURE",
            "NVIDIA L40S@COMMUNITY",
            "NVIDIA A40@SECURE",
            "NVIDIA A40@COMMUNITY");
    assertThat(runpod.podsEverCreated()).isZero();
  }

  @Test
  void launch_staleStoppingJob_isMarkedStoppedAndRestartedUnderItsName() throws IOException {
    ui.stallAtStep(540);

    int code = launch("--stall-minutes", "5");

    List<JsonNode> events = events();
    assertThat(code).as(err.toString() + out).isZero();
    assertThat(finished(events).path("state").asText()).isEqualTo("COMPLETED");
    assertThat(of(events, "pod-lost").get(0).path("reason").asText()).contains("did not advance");
    assertThat(of(events, "resumed")).hasSize(1);
    List<String> calls = ui.calls();
    int stop = indexOf(calls, "/stop");
    int marked = indexOf(calls, "/mark_stopped");
    int restart = lastIndexOf(calls, "/start");
    assertThat(stop).isNotNegative();
    assertThat(marked).isGreaterThan(stop);
    assertThat(restart).isGreaterThan(marked);
    assertThat(ui.jobCount()).isEqualTo(1);
    assertThat(runpod.podsEverCreated()).isEqualTo(1);
    assertEveryCheckpointAtHome();
  }

  @Test
  void reap_terminatesTheOrphanAndKeepsThePodOfARunningJournal() throws IOException {
    String orphan = runpod.seedPod("lorakit-old-run-k3v9x0q2ab", "NVIDIA L40S", "RUNNING");
    String live = runpod.seedPod("lorakit-live-run-a1b2c3d4e5", "NVIDIA L40S", "RUNNING");
    String foreign = runpod.seedPod("my-notebook", "NVIDIA A40", "RUNNING");
    Path liveRun = Files.createDirectories(tmp.resolve("runs/live"));
    Files.writeString(
        liveRun.resolve("journal.jsonl"),
        "{\"at\":\"2026-11-24T12:00:00Z\",\"type\":\"pod-created\",\"podId\":\""
            + live
            + "\",\"podName\":\"lorakit-live-run-a1b2c3d4e5\"}\n");

    int code =
        run(
            "runpod",
            "reap",
            "--runs",
            tmp.resolve("runs").toString(),
            "--api-url",
            runpod.baseUrl().toString(),
            "--format",
            "json");

    JsonNode json = M.readTree(out.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(json.path("terminated").toString()).contains(orphan);
    assertThat(json.path("kept").toString()).contains(live);
    assertThat(runpod.livePodIds()).containsExactlyInAnyOrder(live, foreign);
    // Clean up what this test seeded, through the CLI.
    out.getBuffer().setLength(0);
    assertThat(run("runpod", "terminate", live, "--api-url", runpod.baseUrl().toString())).isZero();
    assertThat(run("runpod", "terminate", foreign, "--api-url", runpod.baseUrl().toString()))
        .isZero();
  }

  @Test
  void watch_afterTheLaunchingProcessDied_reattachesFinishesAndTerminatesThePod()
      throws IOException {
    // Dies during training: pod ready and UI up take ~6 polls, then ~3 training polls.
    time.sleepsUntilKill = 10;
    try {
      launch();
    } catch (SimulatedKill expected) {
      // The process is gone; its pod is still running.
    }
    assertThat(runpod.livePodIds()).hasSize(1);
    out.getBuffer().setLength(0);

    int code =
        run(
            "runpod",
            "watch",
            runDir.toString(),
            "--api-url",
            runpod.baseUrl().toString(),
            "--proxy-url-template",
            ui.proxyTemplate(),
            "--format",
            "json");

    List<JsonNode> events = events();
    assertThat(code).as(err.toString() + out).isZero();
    assertThat(finished(events).path("state").asText()).isEqualTo("COMPLETED");
    assertThat(of(events, "progress")).isNotEmpty();
    assertThat(ui.jobCount()).isEqualTo(1);
    assertEveryCheckpointAtHome();
  }

  private static int indexOf(List<String> calls, String suffix) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).endsWith(suffix)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<String> calls, String suffix) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).endsWith(suffix) && calls.get(i).contains("/api/jobs/")) {
        return i;
      }
    }
    return -1;
  }
}
