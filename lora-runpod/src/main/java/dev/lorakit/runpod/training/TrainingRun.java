package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.LaunchResult;
import dev.lorakit.runpod.PlacementPolicy;
import dev.lorakit.runpod.PodLauncher;
import dev.lorakit.runpod.RenderedRequest;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.CreateGpuConfig;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One LoRA training on RunPod: rent a GPU pod with ai-toolkit, upload the dataset through the UI
 * API, create and start the job (and its queue), poll it, download every checkpoint as soon as it
 * is complete, then terminate the pod. The pod is also terminated on failure, on {@link #cancel()},
 * on JVM shutdown, and at the cost or wall-time cap. State goes to {@code run.json} so {@link
 * #reattach} can resume or clean up after the process died.
 *
 * <pre>{@code
 * try (RunpodClient client = RunpodClient.fromEnv()) {
 *   RunOutcome outcome = TrainingRun.builder(client, spec).build().execute();
 * }
 * }</pre>
 */
public final class TrainingRun {
  private static final System.Logger LOG = System.getLogger(TrainingRun.class.getName());
  static final String UI_ROOT = "/app/ai-toolkit";
  private static final int MAX_POLL_FAILURES = 8;

  private final RunpodClient client;
  private final TrainingRunSpec spec;
  private final Sleeper sleeper;
  private final Clock clock;
  private final HttpClient uiHttp;
  private final boolean shutdownHook;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private String podName;
  private String podId;
  private String jobId;
  private double costPerHour;
  private Instant podSince;
  private double costBefore;
  private final Map<String, Long> downloaded = new LinkedHashMap<>();
  private final List<Path> checkpoints = new ArrayList<>();

  private TrainingRun(Builder b) {
    this.client = b.client;
    this.spec = b.spec;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.uiHttp =
        b.uiHttp != null
            ? b.uiHttp
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    this.shutdownHook = b.shutdownHook;
  }

  /** Runs a training with default settings: {@code builder(client, spec).build().execute()}. */
  public static RunOutcome launch(RunpodClient client, TrainingRunSpec spec) {
    return builder(client, spec).build().execute();
  }

  public static Builder builder(RunpodClient client, TrainingRunSpec spec) {
    return new Builder(client, spec);
  }

  /**
   * Problems of the job config that make the UI lose track of the job or its checkpoints
   * (ai-toolkit-ui-api.md §11); empty when the config can run. Checked before any pod is rented.
   */
  public static List<String> configProblems(TrainingRunSpec spec) {
    List<String> problems = new ArrayList<>();
    ObjectNode c = spec.jobConfig();
    String name = spec.runName();
    if (name.isEmpty()) {
      problems.add("config.name is missing; the UI job name must equal it");
    }
    JsonNode process = c.path("config").path("process").path(0);
    if (process.isMissingNode()) {
      problems.add("config.process[0] is missing");
      return problems;
    }
    String type = process.path("type").asText("");
    if (!type.equals("diffusion_trainer") && !type.equals("ui_trainer")) {
      problems.add(
          "config.process[0].type is '"
              + type
              + "'; only diffusion_trainer reports progress to the UI");
    }
    String folder = process.path("training_folder").asText("");
    if (!folder.equals(UI_ROOT + "/output") && !folder.equals("output")) {
      problems.add(
          "config.process[0].training_folder is '"
              + folder
              + "'; it must be "
              + UI_ROOT
              + "/output or the UI cannot list the checkpoints");
    }
    if (!process.path("train").path("steps").canConvertToInt()) {
      problems.add("config.process[0].train.steps is missing");
    }
    JsonNode datasets = process.path("datasets");
    if (!datasets.isArray() || datasets.isEmpty()) {
      problems.add("config.process[0].datasets is empty");
    }
    for (JsonNode d : datasets) {
      String path = d.path("folder_path").asText("");
      String prefix = UI_ROOT + "/datasets/";
      String dsName = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
      if (dsName == null || !spec.datasets().containsKey(dsName)) {
        problems.add(
            "dataset folder_path '"
                + path
                + "' is not "
                + prefix
                + "<name> for an uploaded dataset "
                + spec.datasets().keySet());
      }
    }
    for (String ds : spec.datasets().keySet()) {
      if (!ds.matches("[a-z0-9_]+")) {
        problems.add("dataset name '" + ds + "' must be lower-case [a-z0-9_]");
      }
    }
    return problems;
  }

  /** The create-pod request this run sends (with a fresh UI token and unique name). */
  public CreatePodRequest podRequest(String uiToken) {
    return CreatePodRequest.builder()
        .name(podName != null ? podName : PodLauncher.uniqueName("lorakit-" + spec.runName()))
        .image(spec.image())
        .gpu(CreateGpuConfig.of(spec.hardware().gpuType()))
        .cloud(spec.clouds().get(0))
        .disk(spec.containerDiskGb())
        .addPorts("8675/http")
        .putEnv("AI_TOOLKIT_AUTH", uiToken)
        .build();
  }

  /**
   * Dry run: the create-pod request (token masked) and the job body ({@code POST /api/jobs}) this
   * run would send, without sending anything.
   */
  public List<RenderedRequest> render() {
    RenderedRequest pod = client.dryRun().createPod(podRequest(AiToolkitClient.newToken()));
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("name", spec.runName()).put("gpu_ids", spec.gpuIds());
    body.set("job_config", spec.jobConfig());
    String text;
    try {
      text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RenderedRequest job =
        RenderedRequest.builder()
            .method("POST")
            .url(spec.proxyUrlTemplate().replace("{podId}", "<podId>") + "/api/jobs")
            .putHeader("Authorization", "Bearer ****")
            .putHeader("Content-Type", "application/json")
            .body(text)
            .build();
    return List.of(pod, job);
  }

  /** Asks the run to stop: the job is stopped, finished checkpoints kept, the pod terminated. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Runs to the end. Config problems throw before anything is rented; later failures return. */
  public RunOutcome execute() {
    List<String> problems = configProblems(spec);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("job config cannot run under the UI: " + problems);
    }
    podName = PodLauncher.uniqueName("lorakit-" + spec.runName());
    writeState(RunState.STARTING, "");
    return guarded(
        () -> {
          String token = AiToolkitClient.newToken();
          PodLauncher launcher = launcher();
          podSince = clock.instant();
          LaunchResult launched =
              launcher.launchAndAwaitReady(podRequest(token), spec.podReadyTimeout());
          Pod pod = launched.pod();
          podId = pod.id();
          costPerHour = pod.cost();
          writeState(RunState.POD_READY, "");
          AiToolkitClient ui = ui(pod, token);
          Optional<RunOutcome> capped = awaitUi(ui);
          if (capped.isPresent()) {
            return capped.get();
          }
          for (Map.Entry<String, Path> ds : spec.datasets().entrySet()) {
            List<Path> local = files(ds.getValue());
            List<String> stored = ui.uploadDataset(ds.getKey(), local, spec.uploadBatchBytes());
            if (stored.size() != local.size()) {
              throw new RunpodException(
                  "dataset "
                      + ds.getKey()
                      + ": uploaded "
                      + local.size()
                      + " files, the UI stored "
                      + stored.size());
            }
            if (new java.util.HashSet<>(stored).size() != stored.size()) {
              throw new RunpodException(
                  "dataset "
                      + ds.getKey()
                      + ": file names collide after the UI's sanitising: "
                      + stored);
            }
          }
          AiToolkitJob job = ui.createJob(spec.jobConfig(), spec.gpuIds());
          jobId = job.id();
          ui.startJob(job, spec.gpuIds());
          writeState(RunState.TRAINING, "");
          return monitor(ui);
        });
  }

  /**
   * Resumes a run from its run file: if the pod and job still exist, keeps polling and downloading;
   * otherwise cleans up every pod of the run's name. Already downloaded checkpoints are kept and
   * not fetched again.
   */
  public RunOutcome reattach() {
    RunFile file;
    try {
      file =
          RunFile.read(spec.resolvedOutputDir())
              .orElseThrow(() -> new RunpodException("no run file in " + spec.resolvedOutputDir()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    podName = file.podName();
    podId = file.podId().orElse(null);
    jobId = file.jobId().orElse(null);
    costBefore = file.costUsd();
    downloaded.putAll(file.downloaded());
    downloaded.keySet().forEach(n -> checkpoints.add(spec.resolvedOutputDir().resolve(n)));
    if (file.state().isTerminal()) {
      int n = launcher().terminateByName(podName);
      return outcome(
          file.state(),
          "run had already ended" + (n > 0 ? "; cleaned up " + n + " pod(s)" : ""),
          true);
    }
    podSince = clock.instant();
    return guarded(
        () -> {
          Optional<Pod> pod = podId == null ? Optional.empty() : client.findPod(podId);
          if (pod.isEmpty() || jobId == null) {
            int n = launcher().terminateByName(podName);
            return finish(
                RunState.FAILED, "pod gone or training never started; cleaned up " + n + " pod(s)");
          }
          String token = pod.get().env().getOrDefault("AI_TOOLKIT_AUTH", "");
          costPerHour = pod.get().cost();
          AiToolkitClient ui = ui(pod.get(), token);
          return monitor(ui);
        });
  }

  private interface Body {
    RunOutcome run() throws IOException;
  }

  private RunOutcome guarded(Body body) {
    Thread hook = new Thread(this::emergencyTerminate, "lorakit-run-shutdown");
    if (shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return body.run();
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "training run failed: " + e.getMessage());
      return finish(RunState.FAILED, String.valueOf(e.getMessage()));
    } finally {
      if (shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or about to: it does the cleanup.
        }
      }
    }
  }

  private void emergencyTerminate() {
    try {
      if (podId != null) {
        client.terminatePod(podId);
      }
      if (podName != null) {
        launcher().terminateByName(podName);
      }
      writeState(RunState.CANCELLED, "JVM shutdown");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not terminate pod at shutdown: " + e.getMessage());
    }
  }

  private PodLauncher launcher() {
    PlacementPolicy policy =
        PlacementPolicy.builder()
            .from(
                PlacementPolicy.from(
                    spec.hardware(), spec.fallbackGpuTypeIds().toArray(new String[0])))
            .clouds(spec.clouds())
            .maxPricePerGpuHour(spec.maxPricePerGpuHour())
            .build();
    return PodLauncher.builder(client)
        .policy(policy)
        .pollInterval(spec.pollInterval())
        .sleeper(sleeper)
        .build();
  }

  private AiToolkitClient ui(Pod pod, String token) {
    URI base = URI.create(spec.proxyUrlTemplate().replace("{podId}", pod.id()));
    return new AiToolkitClient(
        uiHttp, base, token, Duration.ofSeconds(95), 5, Duration.ofSeconds(2), sleeper);
  }

  private Optional<RunOutcome> awaitUi(AiToolkitClient ui) {
    long polls = Math.max(1, spec.uiReadyTimeout().toMillis() / spec.pollInterval().toMillis());
    for (long i = 0; i < polls; i++) {
      if (ui.isReady()) {
        return Optional.empty();
      }
      Optional<Map.Entry<RunState, String>> cap = capReached();
      if (cap.isPresent()) {
        return Optional.of(finish(cap.get().getKey(), cap.get().getValue()));
      }
      pause(spec.pollInterval());
    }
    throw new RunpodException("ai-toolkit UI did not answer within " + spec.uiReadyTimeout());
  }

  private RunOutcome monitor(AiToolkitClient ui) throws IOException {
    Map<String, Long> lastSizes = new LinkedHashMap<>();
    int failures = 0;
    while (true) {
      if (cancelled.get()) {
        stopQuietly(ui);
        fetch(ui, lastSizes, true);
        return finish(RunState.CANCELLED, "cancelled");
      }
      AiToolkitJob job;
      try {
        job =
            ui.job(jobId)
                .orElseThrow(
                    () -> new RunpodException("job " + jobId + " no longer exists on the pod"));
        failures = 0;
      } catch (AiToolkitException e) {
        failures++;
        if (failures >= MAX_POLL_FAILURES) {
          throw e;
        }
        pause(spec.pollInterval().multipliedBy(Math.min(failures, 4)));
        continue;
      }
      boolean finished = job.isFinished();
      fetch(ui, lastSizes, finished);
      switch (job.status()) {
        case "completed":
          return finish(RunState.COMPLETED, "training completed at step " + job.step());
        case "error":
          return finish(RunState.FAILED, "trainer error: " + job.info());
        case "stopped":
          return finish(RunState.FAILED, "job stopped on the pod: " + job.info());
        default:
          break;
      }
      Optional<Map.Entry<RunState, String>> cap = capReached();
      if (cap.isPresent()) {
        stopQuietly(ui);
        fetch(ui, lastSizes, true);
        return finish(cap.get().getKey(), cap.get().getValue());
      }
      writeState(RunState.TRAINING, "step " + job.step());
      pause(spec.pollInterval());
    }
  }

  /**
   * Downloads checkpoints whose size is stable (or all, when the job has finished). When the job
   * has finished, a failed download is retried from a fresh listing a few times, since the file may
   * have grown since it was listed.
   */
  private void fetch(AiToolkitClient ui, Map<String, Long> lastSizes, boolean all)
      throws IOException {
    IOException last = null;
    for (int round = 0; round < (all ? 3 : 1); round++) {
      try {
        fetchOnce(ui, lastSizes, all);
        return;
      } catch (IOException | AiToolkitException e) {
        LOG.log(System.Logger.Level.WARNING, "checkpoint download failed: " + e.getMessage());
        last = e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        if (all) {
          pause(spec.pollInterval());
        }
      }
    }
    if (last != null && all) {
      throw last;
    }
  }

  private void fetchOnce(AiToolkitClient ui, Map<String, Long> lastSizes, boolean all)
      throws IOException {
    List<JobFile> files;
    try {
      files = ui.jobFiles(jobId);
    } catch (AiToolkitException e) {
      if (all) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "listing checkpoints failed: " + e.getMessage());
      return;
    }
    for (JobFile f : files) {
      if (!f.isCheckpoint()) {
        continue;
      }
      Long seen = lastSizes.put(f.path(), f.size());
      boolean stable = all || (seen != null && seen == f.size());
      Long have = downloaded.get(f.fileName());
      if (!stable || (have != null && have == f.size())) {
        continue;
      }
      Path target = spec.resolvedOutputDir().resolve(f.fileName());
      ui.download(f, target);
      downloaded.put(f.fileName(), f.size());
      if (!checkpoints.contains(target)) {
        checkpoints.add(target);
      }
      writeState(RunState.TRAINING, "downloaded " + f.fileName());
    }
  }

  /** The cap reached, if any: state and message. */
  private Optional<Map.Entry<RunState, String>> capReached() {
    if (spec.maxCostUsd().isPresent() && cost() >= spec.maxCostUsd().get()) {
      return Optional.of(
          Map.entry(
              RunState.COST_CAP,
              String.format(
                  java.util.Locale.ROOT,
                  "cost cap reached: %.2f of %.2f USD",
                  cost(),
                  spec.maxCostUsd().get())));
    }
    if (spec.maxWallTime().isPresent()
        && Duration.between(podSince, clock.instant()).compareTo(spec.maxWallTime().get()) >= 0) {
      return Optional.of(
          Map.entry(RunState.TIME_CAP, "wall-time cap reached: " + spec.maxWallTime().get()));
    }
    return Optional.empty();
  }

  private double cost() {
    if (podSince == null) {
      return costBefore;
    }
    double hours = Duration.between(podSince, clock.instant()).toMillis() / 3_600_000.0;
    return costBefore + costPerHour * hours;
  }

  private void stopQuietly(AiToolkitClient ui) {
    try {
      if (jobId != null) {
        ui.stopJob(jobId);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "stopping the job failed: " + e.getMessage());
    }
  }

  private RunOutcome finish(RunState state, String message) {
    boolean terminated = terminate();
    return outcome(state, message, terminated);
  }

  private RunOutcome outcome(RunState state, String message, boolean terminated) {
    writeState(state, message);
    return RunOutcome.builder()
        .state(state)
        .podId(Optional.ofNullable(podId))
        .jobId(Optional.ofNullable(jobId))
        .checkpoints(checkpoints)
        .costUsd(cost())
        .podTerminated(terminated)
        .message(message)
        .build();
  }

  /** Terminates the run's pod, also any pod of its name whose id was never learnt. */
  private boolean terminate() {
    boolean ok = true;
    for (int i = 0; i < 3; i++) {
      try {
        if (podId != null) {
          client.terminatePod(podId);
        }
        if (podName != null) {
          launcher().terminateByName(podName);
        }
        return true;
      } catch (RuntimeException e) {
        ok = false;
        LOG.log(System.Logger.Level.ERROR, "terminate failed, retrying: " + e.getMessage());
        pause(Duration.ofSeconds(5));
      }
    }
    return ok;
  }

  private void writeState(RunState state, String message) {
    try {
      RunFile.builder()
          .runName(spec.runName())
          .podName(podName)
          .podId(Optional.ofNullable(podId))
          .jobId(Optional.ofNullable(jobId))
          .state(state)
          .downloaded(downloaded)
          .costUsd(cost())
          .message(message)
          .build()
          .write(spec.resolvedOutputDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunpodException("interrupted", e);
    }
  }

  /** Regular, non-hidden files of a dataset folder (the upload route stores them flat). */
  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /**
   * Terminates every pod a run (by its run file in {@code runDir}) may have left: its pod id and
   * any pod with its unique name. For {@code lorakit runpod terminate} after a crash. Returns the
   * number of pods terminated; the run file is marked {@code CANCELLED} unless it had ended.
   */
  public static int cleanUp(RunpodClient client, Path runDir) throws IOException {
    RunFile file =
        RunFile.read(runDir).orElseThrow(() -> new RunpodException("no run file in " + runDir));
    int n = 0;
    if (file.podId().isPresent() && client.terminatePod(file.podId().get())) {
      n++;
    }
    n += PodLauncher.builder(client).build().terminateByName(file.podName());
    if (!file.state().isTerminal()) {
      RunFile.builder()
          .from(file)
          .state(RunState.CANCELLED)
          .message("cleaned up " + n + " pod(s)")
          .build()
          .write(runDir);
    }
    return n;
  }

  /** Settings of a {@link TrainingRun}. */
  public static final class Builder {
    private final RunpodClient client;
    private final TrainingRunSpec spec;
    private Sleeper sleeper = Sleeper.REAL;
    private Clock clock = Clock.systemUTC();
    private HttpClient uiHttp;
    private boolean shutdownHook = true;

    private Builder(RunpodClient client, TrainingRunSpec spec) {
      this.client = Objects.requireNonNull(client, "client");
      this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** Wait strategy for polls; pair it with {@link #clock} to simulate time. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Clock for the cost and wall-time caps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** HTTP client for the UI (proxy settings). */
    public Builder uiHttpClient(HttpClient http) {
      this.uiHttp = Objects.requireNonNull(http, "http");
      return this;
    }

    /** Whether to terminate the pod from a JVM shutdown hook (default true). */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    public TrainingRun build() {
      return new TrainingRun(this);
    }
  }
}
