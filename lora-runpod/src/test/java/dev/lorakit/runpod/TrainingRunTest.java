package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.training.JobConfig;
import dev.lorakit.runpod.training.RunEvent;
import dev.lorakit.runpod.training.RunEvents;
import dev.lorakit.runpod.training.RunFile;
import dev.lorakit.runpod.training.RunOutcome;
import dev.lorakit.runpod.training.RunState;
import dev.lorakit.runpod.training.TrainingRun;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final List<String> ALL_CHECKPOINTS =
      List.of(
          "mychar_v1.safetensors",
          "mychar_v1_000000250.safetensors",
          "mychar_v1_000000500.safetensors",
          "mychar_v1_000000750.safetensors");

  /** Virtual time: sleeping advances the clock instantly. */
  static final class FakeTime extends Clock implements Sleeper {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-24T12:00:00Z"));
    volatile Runnable onSleep = () -> {};

    @Override
    public void sleep(Duration d) {
      onSleep.run();
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

  /** Stands for the process dying (SIGKILL): nothing below catches an Error. */
  static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  @TempDir Path tmp;
  private FakeRunpod fake;
  private FakeAiToolkit ui;
  private RunpodClient client;
  private final FakeTime time = new FakeTime();

  @BeforeEach
  void start() {
    fake = new FakeRunpod().readiness(1, 2);
    ui = new FakeAiToolkit(fake);
    client = fake.clientBuilder().sleeper(time).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.livePodIds()).as("leaked pods").isEmpty();
      assertThat(fake.requestViolations()).isEmpty();
      assertThat(fake.responseViolations()).isEmpty();
    } finally {
      client.close();
      ui.close();
      fake.close();
    }
  }

  static ObjectNode jobConfig(String type) {
    ObjectNode root = M.createObjectNode().put("job", "extension");
    ObjectNode config = root.putObject("config").put("name", "mychar_v1");
    ObjectNode p = config.putArray("process").addObject();
    p.put("type", type).put("training_folder", "/app/ai-toolkit/output").put("device", "cuda:0");
    p.putObject("network").put("type", "lora").put("linear", 16).put("linear_alpha", 16);
    p.putObject("save")
        .put("dtype", "float16")
        .put("save_every", 250)
        .put("max_step_saves_to_keep", 2);
    p.putArray("datasets")
        .addObject()
        .put("folder_path", "/app/ai-toolkit/datasets/mychar")
        .put("caption_ext", "txt")
        .put("num_repeats", 40);
    p.putObject("train").put("batch_size", 1).put("steps", 1000).put("lr", 1e-4);
    p.putObject("model")
        .put("name_or_path", "Qwen/Qwen-Image-Edit-2509")
        .put("arch", "qwen_image_edit_plus");
    return root;
  }

  private Path dataset() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data/40_mychar"));
    Random r = new Random(1);
    for (int i = 1; i <= 3; i++) {
      byte[] img = new byte[3000 + i];
      r.nextBytes(img);
      Files.write(dir.resolve("img_00" + i + ".jpg"), img);
      Files.writeString(dir.resolve("img_00" + i + ".txt"), "mychar, a woman, portrait " + i);
    }
    Files.write(dir.resolve("name with space.jpg"), new byte[] {1, 2, 3});
    return dir;
  }

  private dev.lorakit.runpod.training.ImmutableTrainingRunSpec.Builder spec() throws IOException {
    return TrainingRunSpec.builder()
        .job(JobConfig.of(jobConfig("diffusion_trainer")))
        .putDataset("mychar", dataset())
        .outputDir(tmp.resolve("runs/mychar_v1"))
        .proxyUrlTemplate(ui.proxyTemplate())
        .uploadBatchBytes(4000);
  }

  private TrainingRun run(TrainingRunSpec spec) {
    return TrainingRun.builder(client, spec).sleeper(time).clock(time).build();
  }

  private void assertIntact(RunOutcome outcome, List<String> expected) throws IOException {
    Map<String, byte[]> written = ui.checkpointsEverWritten();
    assertThat(outcome.checkpoints())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (Path p : outcome.checkpoints()) {
      assertThat(Files.readAllBytes(p))
          .as(p.toString())
          .isEqualTo(written.get(p.getFileName().toString()));
    }
    try (var s = Files.list(outcome.checkpoints().get(0).getParent())) {
      assertThat(s.filter(f -> f.toString().endsWith(".part")))
          .as("no partial files left")
          .isEmpty();
    }
  }

  @Test
  void execute_happyPath_trainsDownloadsEveryCheckpointAndTerminatesPod() throws IOException {
    RunOutcome outcome = run(spec().build()).execute();

    assertThat(outcome.state()).as(outcome.message()).isEqualTo(RunState.COMPLETED);
    assertThat(outcome.podTerminated()).isTrue();
    assertIntact(outcome, ALL_CHECKPOINTS);
    assertThat(ui.dataset("mychar"))
        .containsKeys("img_001.jpg", "img_001.txt", "name_with_space.jpg")
        .hasSize(7);
    assertThat(ui.jobCount()).isEqualTo(1);
    assertThat(ui.unauthorized()).isEmpty();
    assertThat(outcome.costUsd()).isGreaterThan(0);
    RunFile file = RunFile.read(tmp.resolve("runs/mychar_v1")).orElseThrow();
    assertThat(file.state()).isEqualTo(RunState.COMPLETED);
    assertThat(file.downloaded()).containsOnlyKeys(ALL_CHECKPOINTS);
    String runJson = Files.readString(tmp.resolve("runs/mychar_v1/run.json"));
    assertThat(runJson)
        .doesNotContain(FakeRunpod.API_KEY)
        .doesNotContainIgnoringCase("AI_TOOLKIT_AUTH");
    ObjectNode createBody =
        (ObjectNode)
            fake.requests().stream()
                .filter(r -> r.method.equals("POST") && r.path.equals("/v2/pods"))
                .findFirst()
                .orElseThrow()
                .body;
    String token = createBody.get("env").get("AI_TOOLKIT_AUTH").asText();
    assertThat(token).hasSizeGreaterThan(30);
    assertThat(runJson).doesNotContain(token);
    assertThat(outcome.toString()).doesNotContain(token);
  }

  @Test
  void execute_createAnswers500AfterCreating_adoptsOrphanAndStillCompletes() throws IOException {
    fake.failCreateAfterCreating(1);

    RunOutcome outcome = run(spec().build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertIntact(outcome, ALL_CHECKPOINTS);
  }

  @Test
  void execute_capacity400ForFirstGpu_trainsOnFallback() throws IOException {
    fake.noCapacity("NVIDIA L40S");

    RunOutcome outcome =
        run(spec().addFallbackGpuTypeIds("NVIDIA RTX 6000 Ada Generation").build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
  }

  @Test
  void execute_proxy502WhileUiBoots_waitsAndCompletes() throws IOException {
    fake.readiness(2, 4);
    ui.bootFailures(4);

    RunOutcome outcome = run(spec().build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertIntact(outcome, ALL_CHECKPOINTS);
  }

  @Test
  void execute_connectionResetMidDownload_resumesWithRangeAndKeepsFilesIntact() throws IOException {
    ui.resetDownloads(3);

    RunOutcome outcome = run(spec().build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertThat(ui.rangeRequests()).hasSize(3).allMatch(r -> r.matches("bytes=\\d+-"));
    assertIntact(outcome, ALL_CHECKPOINTS);
  }

  @Test
  void execute_trainerError_keepsSavedCheckpointsAndTerminates() throws IOException {
    ui.errorAtStep(620);

    RunOutcome outcome = run(spec().build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.FAILED);
    assertThat(outcome.message()).contains("CUDA out of memory");
    assertThat(outcome.podTerminated()).isTrue();
    assertIntact(
        outcome, List.of("mychar_v1_000000250.safetensors", "mychar_v1_000000500.safetensors"));
  }

  @Test
  void execute_costCapReached_stopsJobAndTerminatesPod() throws IOException {
    ui.stepsPerPoll(50);

    RunOutcome outcome = run(spec().maxCostUsd(0.05).build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.COST_CAP);
    // The cap keeps back four 30 s polls at $0.86/h for save_now (TrainingRun.SAVE_POLLS).
    assertThat(outcome.costUsd()).isBetween(0.05 - 4 * 0.86 / 120, 0.05);
    assertThat(ui.job().orElseThrow().status).isEqualTo("stopped");
    assertThat(outcome.podTerminated()).isTrue();
  }

  @Test
  void execute_wallTimeCapReached_endsRun() throws IOException {
    ui.stepsPerPoll(10);

    RunOutcome outcome = run(spec().maxWallTime(Duration.ofMinutes(10)).build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.TIME_CAP);
    assertThat(outcome.podTerminated()).isTrue();
  }

  @Test
  void stream_toTheEnd_yieldsTheListenersEventsInOrderEndingWithFinished() throws IOException {
    List<RunEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunOutcome listened;
    try (FakeRunpod fake2 = new FakeRunpod().readiness(1, 2);
        FakeAiToolkit ui2 = new FakeAiToolkit(fake2);
        RunpodClient client2 = fake2.clientBuilder().sleeper(time).build()) {
      listened =
          TrainingRun.builder(
                  client2,
                  spec()
                      .proxyUrlTemplate(ui2.proxyTemplate())
                      .outputDir(tmp.resolve("runs/heard"))
                      .build())
              .sleeper(time)
              .clock(time)
              .listener(heard::add)
              .build()
              .execute();
      assertThat(fake2.livePodIds()).isEmpty();
    }

    List<RunEvent> streamed;
    try (Stream<RunEvent> events =
        RunEvents.stream(TrainingRun.builder(client, spec().build()).sleeper(time).clock(time))) {
      streamed = events.collect(Collectors.toList());
    }

    // the same run, the same facts, whichever way they are consumed
    assertThat(streamed).extracting(RunEvent::kind).isEqualTo(kinds(heard));
    assertThat(streamed.get(0)).isInstanceOf(RunEvent.PodReady.class);
    RunEvent last = streamed.get(streamed.size() - 1);
    assertThat(last).isInstanceOf(RunEvent.Finished.class);
    RunOutcome outcome = ((RunEvent.Finished) last).outcome();
    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED).isEqualTo(listened.state());
    assertThat(outcome.checkpoints()).hasSameSizeAs(listened.checkpoints());
    assertThat(fake.livePodIds()).isEmpty();
  }

  @Test
  void stream_closedEarly_cancelsTheRunWhichSavesNowAndLeavesNoPod() throws IOException {
    int stoppedAt;
    try (Stream<RunEvent> events =
        RunEvents.stream(TrainingRun.builder(client, spec().build()).sleeper(time).clock(time))) {
      stoppedAt =
          events
              .filter(e -> e instanceof RunEvent.Progress)
              .map(e -> ((RunEvent.Progress) e).step())
              .filter(step -> step >= 300)
              .findFirst()
              .orElseThrow();
    }

    // close() cancelled the run and waited: save_now, the job stopped, the pod gone
    assertThat(stoppedAt).isBetween(300, 999);
    assertThat(ui.calls()).anyMatch(c -> c.endsWith("/save_now"));
    assertThat(ui.job().orElseThrow().status).isEqualTo("stopped");
    assertThat(fake.livePodIds()).isEmpty();
    assertThat(Files.readString(tmp.resolve("runs/mychar_v1/journal.jsonl")))
        .contains("\"saved-now\"");
  }

  @Test
  void stream_configTheUiCannotRun_throwsFromTheFirstElementBeforeRenting() throws IOException {
    TrainingRunSpec bad = spec().job(JobConfig.of(jobConfig("not_a_trainer"))).build();

    assertThatThrownBy(
            () -> {
              try (Stream<RunEvent> events =
                  RunEvents.stream(TrainingRun.builder(client, bad).sleeper(time).clock(time))) {
                events.findFirst();
              }
            })
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.podsEverCreated()).isZero();
  }

  private static List<String> kinds(List<RunEvent> events) {
    return events.stream().map(RunEvent::kind).collect(Collectors.toList());
  }

  @Test
  void cancel_duringTraining_stopsJobKeepsCheckpointsAndTerminates() throws IOException {
    TrainingRun run = run(spec().build());
    time.onSleep =
        () -> {
          if (ui.job().map(j -> j.step >= 600).orElse(false)) {
            run.cancel();
          }
        };

    RunOutcome outcome = run.execute();

    assertThat(outcome.state()).isEqualTo(RunState.CANCELLED);
    assertThat(ui.job().orElseThrow().status).isEqualTo("stopped");
    assertThat(outcome.checkpoints()).isNotEmpty();
    assertIntact(
        outcome,
        outcome.checkpoints().stream()
            .map(p -> p.getFileName().toString())
            .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void reattach_afterProcessKilledMidTraining_finishesAndCleansUp() throws IOException {
    TrainingRunSpec spec = spec().build();
    time.onSleep =
        () -> {
          if (ui.job().map(j -> j.step >= 500).orElse(false)) {
            throw new SimulatedKill();
          }
        };
    assertThatThrownBy(() -> run(spec).execute()).isInstanceOf(SimulatedKill.class);
    RunFile left = RunFile.read(spec.resolvedOutputDir()).orElseThrow();
    assertThat(left.state()).isEqualTo(RunState.TRAINING);
    assertThat(fake.livePodIds()).containsExactly(left.podId().orElseThrow());
    time.onSleep = () -> {};

    RunOutcome outcome = run(spec).reattach();

    assertThat(outcome.state()).as(outcome.message()).isEqualTo(RunState.COMPLETED);
    assertThat(ui.jobCount()).isEqualTo(1);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertIntact(outcome, ALL_CHECKPOINTS);
  }

  @Test
  void reattach_killedBeforePodWasKnown_terminatesPodsOfTheRunName() throws IOException {
    TrainingRunSpec spec = spec().build();
    fake.readiness(1, 100);
    time.onSleep =
        () -> {
          if (fake.podsEverCreated() > 0) {
            throw new SimulatedKill();
          }
        };
    assertThatThrownBy(() -> run(spec).execute()).isInstanceOf(SimulatedKill.class);
    assertThat(fake.livePodIds()).hasSize(1);
    time.onSleep = () -> {};

    RunOutcome outcome = run(spec).reattach();

    assertThat(outcome.state()).isEqualTo(RunState.FAILED);
    assertThat(outcome.message()).contains("cleaned up 1 pod");
  }

  @Test
  void cleanUp_afterCrashWithLivePod_terminatesItAndMarksRunCancelled() throws IOException {
    TrainingRunSpec spec = spec().build();
    time.onSleep =
        () -> {
          if (ui.job().map(j -> j.step >= 300).orElse(false)) {
            throw new SimulatedKill();
          }
        };
    assertThatThrownBy(() -> run(spec).execute()).isInstanceOf(SimulatedKill.class);
    assertThat(fake.livePodIds()).hasSize(1);

    int terminated = TrainingRun.cleanUp(client, spec.resolvedOutputDir());

    assertThat(terminated).isEqualTo(1);
    assertThat(RunFile.read(spec.resolvedOutputDir()).orElseThrow().state())
        .isEqualTo(RunState.CANCELLED);
  }

  @Test
  void execute_namesCollidingAfterSanitising_failBeforeTrainingAndTerminate() throws IOException {
    Path dir = dataset();
    Files.write(dir.resolve("name_with_space.jpg"), new byte[] {4, 5});

    RunOutcome outcome = run(spec().putDataset("mychar", dir).build()).execute();

    assertThat(outcome.state()).isEqualTo(RunState.FAILED);
    assertThat(outcome.message()).contains("collide");
    assertThat(ui.jobCount()).isZero();
    assertThat(outcome.podTerminated()).isTrue();
  }

  @Test
  void execute_sdTrainerConfig_isRejectedBeforeAnyPodIsRented() throws IOException {
    TrainingRunSpec spec = spec().job(JobConfig.of(jobConfig("sd_trainer"))).build();

    assertThatThrownBy(() -> run(spec).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only diffusion_trainer reports progress");
    assertThat(fake.podsEverCreated()).isZero();
    assertThat(TrainingRun.configProblems(spec)).hasSize(1);
  }

  @Test
  void render_dryRun_showsPodRequestAndJobWithoutSecretsOrTraffic() throws IOException {
    List<RenderedRequest> rendered = run(spec().build()).render();

    String pod = rendered.get(0).toText();
    assertThat(pod)
        .startsWith("POST " + fake.baseUrl() + "/v2/pods")
        .contains("\"NVIDIA L40S\"", "\"ostris/aitoolkit:0.12.26\"", "\"8675/http\"")
        .contains("\"AI_TOOLKIT_AUTH\" : \"****\"");
    assertThat(rendered.get(1).toText())
        .contains("/api/jobs", "\"name\" : \"mychar_v1\"", "diffusion_trainer");
    assertThat(fake.requests()).isEmpty();
  }
}
