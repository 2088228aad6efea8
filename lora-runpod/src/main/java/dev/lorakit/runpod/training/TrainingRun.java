package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.runpod.LaunchResult;
import dev.lorakit.runpod.PlacementCandidate;
import dev.lorakit.runpod.PlacementPolicy;
import dev.lorakit.runpod.PodLauncher;
import dev.lorakit.runpod.RenderedRequest;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.catalog.AvailabilityLevel;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.CreateGpuConfig;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.ImmutableCreatePodRequest;
import dev.lorakit.runpod.pod.Mounts;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodStatus;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;
import dev.lorakit.runpod.volume.NetworkVolume;
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
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One LoRA training on RunPod: rent a GPU pod with ai-toolkit (moving on to other clouds and GPUs
 * when there is no capacity), upload the dataset through the UI API, create and start the job (and
 * its queue), poll it, download every checkpoint and sample as soon as it is complete, then
 * terminate the pod. Every poll reports {@link RunEvent}s (progress, loss, GPU memory, files) to
 * the listener and checks the guide's red flags ({@link RunRules}).
 *
 * <p>Nothing is lost on a stop: before a cost or wall-time cap, a red flag at {@code stopOn},
 * {@link #cancel()} or JVM shutdown stops the job, the run asks ai-toolkit to {@code save_now},
 * waits for that checkpoint and downloads it. With a network volume, a lost pod or a stalled job is
 * replaced by a new pod on the same volume and the job restarts under its name, resuming from its
 * newest save. State goes to {@code run.json}, and every pod, job, file and dollar to the
 * append-only {@link RunJournal}.
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
  private static final int SAVE_POLLS = 4;

  private final RunpodClient client;
  private final TrainingRunSpec spec;
  private final Sleeper sleeper;
  private final Clock clock;
  private final HttpClient uiHttp;
  private final boolean shutdownHook;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile String cancelReason = "cancelled";
  private final CountDownLatch done = new CountDownLatch(1);
  private final Consumer<RunEvent> listener;
  private final RuleCatalogue catalogue;
  private final RunJournal journal;

  private String podName;
  private String podId;
  private String jobId;
  private String token;
  private String podGpu;
  private double costPerHour;
  private Instant podSince;
  private Instant runSince;
  private double costBefore;
  private double closedPodsCost;
  private int pods;
  private int recoveries;
  private String volumeId;
  private String volumeDataCenter;
  private List<String> catalogFallbacks;
  private RunOutcome capOutcome;
  private final Map<String, Instant> spentPods = new LinkedHashMap<>();
  private final Map<String, Long> downloaded = new LinkedHashMap<>();
  private final Map<String, Long> lastSizes = new LinkedHashMap<>();
  private final List<Path> checkpoints = new ArrayList<>();

  // Live view and red flags.
  private int lastStep = -1;
  private Instant lastAdvance;
  private Instant lastPollAt;
  private double pollSecondsPerStep;
  private int lossSince = -1;
  private final Map<Integer, RunSnapshot.Loss> loss = new TreeMap<>();
  private final List<Double> memoryUsed = new ArrayList<>();
  private double memoryTotal;
  private final Set<String> samples = new java.util.LinkedHashSet<>();
  private final List<ImageStats> sampleStats = new ArrayList<>();
  private final List<ImageStats> datasetStats = new ArrayList<>();
  private final Set<String> flagged = new java.util.HashSet<>();
  private final List<Violation> redFlags = new ArrayList<>();
  private Violation stopFlag;

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
    this.listener = b.listener;
    this.catalogue = b.catalogue != null ? b.catalogue : RuleCatalogue.standard();
    this.journal = RunJournal.open(spec.resolvedOutputDir());
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
    ImmutableCreatePodRequest.Builder b =
        CreatePodRequest.builder()
            .name(podName != null ? podName : PodLauncher.uniqueName(spec.podNamePrefix()))
            .image(spec.image())
            .gpu(CreateGpuConfig.of(spec.hardware().gpuType()))
            .cloud(spec.clouds().get(0))
            .disk(spec.containerDiskGb())
            .addPorts("8675/http")
            .putEnv("AI_TOOLKIT_AUTH", uiToken);
    if (volumeId != null) {
      // The volume replaces the training root, so every checkpoint and optimizer.pt outlives the
      // pod.
      b.mounts(Mounts.network(volumeId, UI_ROOT + "/output"));
    }
    return b.build();
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
    cancel("cancelled");
  }

  /**
   * Asks the run to stop for {@code reason}: ai-toolkit saves now, that checkpoint and the samples
   * come home, the job is stopped and the pod terminated; the outcome ({@link RunState#CANCELLED})
   * and the {@link RunEvent.SavedNow} event carry the reason. Before the UI is up, the pod is
   * terminated at once (there is nothing to save). The first reason wins.
   */
  public void cancel(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (!cancelled.get()) {
      cancelReason = reason;
    }
    cancelled.set(true);
  }

  /** Runs to the end. Config problems throw before anything is rented; later failures return. */
  public RunOutcome execute() {
    List<String> problems = configProblems(spec);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("job config cannot run under the UI: " + problems);
    }
    podName = PodLauncher.uniqueName(spec.podNamePrefix());
    runSince = clock.instant();
    journal("run-started", e -> e.put("runName", spec.runName()));
    writeJob();
    writeState(RunState.STARTING, "");
    return guarded(
        () -> {
          readDataset();
          resolveVolume();
          AiToolkitClient ui = startPod();
          if (ui == null) {
            return capOutcome;
          }
          uploadAndStart(ui, false);
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
    volumeId = file.volumeId().orElse(volumeId);
    volumeDataCenter = file.volumeDataCenter().orElse(volumeDataCenter);
    costBefore = file.costUsd();
    runSince = clock.instant();
    downloaded.putAll(file.downloaded());
    downloaded.keySet().forEach(n -> checkpoints.add(spec.resolvedOutputDir().resolve(n)));
    if (file.state().isTerminal()) {
      int n = launcher(false).launcher().terminateByName(podName);
      return outcome(
          file.state(),
          "run had already ended" + (n > 0 ? "; cleaned up " + n + " pod(s)" : ""),
          true);
    }
    podSince = clock.instant();
    return guarded(
        () -> {
          readDataset();
          Optional<Pod> pod = podId == null ? Optional.empty() : client.findPod(podId);
          if (pod.isEmpty() || jobId == null) {
            int n = launcher(false).launcher().terminateByName(podName);
            return finish(
                RunState.FAILED, "pod gone or training never started; cleaned up " + n + " pod(s)");
          }
          token = pod.get().env().getOrDefault("AI_TOOLKIT_AUTH", "");
          costPerHour = pod.get().cost();
          AiToolkitClient ui = ui(pod.get(), token);
          return monitor(ui);
        });
  }

  private interface Body {
    RunOutcome run() throws IOException;
  }

  private RunOutcome guarded(Body body) {
    Thread hook = new Thread(this::onShutdown, "lorakit-run-shutdown");
    if (shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return body.run();
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "training run failed: " + e.getMessage());
      return finish(RunState.FAILED, String.valueOf(e.getMessage()));
    } finally {
      done.countDown();
      if (shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or about to: it waits for this run to end.
        }
      }
    }
  }

  /**
   * Ctrl-C or JVM shutdown: ask the run to stop (it saves, downloads and terminates) and wait for
   * it up to the save timeout; terminate the pod directly if the run does not end in time.
   */
  private void onShutdown() {
    cancelled.set(true);
    try {
      if (done.await(spec.saveNowTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (podId != null) {
        client.terminatePod(podId);
      }
      if (podName != null) {
        launcher(false).launcher().terminateByName(podName);
      }
      writeState(RunState.CANCELLED, "JVM shutdown");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not terminate pod at shutdown: " + e.getMessage());
    }
  }

  /** The placement candidates in the order this run tries them (the live catalog is read). */
  public List<PlacementCandidate> candidates() {
    return launcher().candidates();
  }

  /**
   * The candidate order without any request: the project's GPU, the explicit fallbacks, and the
   * clouds; the catalog fallbacks need the live catalog ({@link #candidates()}).
   */
  public List<PlacementCandidate> offlineCandidates() {
    return launcher(false).policy().candidates(Map.of());
  }

  private PodLauncher launcher() {
    return launcher(true).launcher();
  }

  private record Placement(PlacementPolicy policy, PodLauncher launcher) {}

  private Placement launcher(boolean readCatalog) {
    List<String> gpus = new ArrayList<>();
    gpus.add(spec.hardware().gpuType());
    spec.fallbackGpuTypeIds().stream().filter(g -> !gpus.contains(g)).forEach(gpus::add);
    List<Cloud> clouds = new ArrayList<>(spec.clouds());
    boolean onVolume = volumeDataCenter != null || spec.networkVolume().isPresent();
    if (spec.autoFallback() && !spec.pinCloud() && !onVolume) {
      for (Cloud c : List.of(Cloud.SECURE, Cloud.COMMUNITY)) {
        if (!clouds.contains(c)) {
          clouds.add(c);
        }
      }
    }
    if (onVolume) {
      // Network volumes live in one Secure Cloud data centre; a pod must be there to mount one.
      clouds = List.of(Cloud.SECURE);
    }
    if (spec.autoFallback() && readCatalog) {
      gpus.addAll(catalogFallbacks(gpus, clouds));
    }
    List<String> dcs = volumeDataCenter != null ? List.of(volumeDataCenter) : spec.dataCenterIds();
    PlacementPolicy policy =
        PlacementPolicy.builder()
            .gpuTypeIds(gpus)
            .clouds(clouds)
            .dataCenterIds(dcs)
            .maxPricePerGpuHour(spec.maxPricePerGpuHour())
            .useCatalog(readCatalog)
            .build();
    return new Placement(
        policy,
        PodLauncher.builder(client)
            .policy(policy)
            .pollInterval(spec.pollInterval())
            .sleeper(sleeper)
            .build());
  }

  /**
   * GPUs of the live catalog, not yet listed, with at least the planned memory and some stock,
   * cheapest first (lowest price over the clouds tried).
   */
  private List<String> catalogFallbacks(List<String> listed, List<Cloud> clouds) {
    if (catalogFallbacks != null) {
      return catalogFallbacks;
    }
    Map<String, Double> cheapest = new LinkedHashMap<>();
    Map<String, Integer> memory = new LinkedHashMap<>();
    for (Cloud cloud : clouds) {
      List<GpuType> types;
      try {
        types = client.listGpuTypes(GpuTypeQuery.podAvailability(cloud));
      } catch (RunpodException e) {
        LOG.log(System.Logger.Level.WARNING, "catalog not read: " + e.getMessage());
        continue;
      }
      for (GpuType t : types) {
        memory.put(t.id(), t.memory());
        double price = t.pricePerGpuHour(cloud);
        boolean stock = t.availability().orElse(AvailabilityLevel.LOW) != AvailabilityLevel.NONE;
        if (t.offeredOn(cloud) && stock && price > 0) {
          cheapest.merge(t.id(), price, Math::min);
        }
      }
    }
    int min =
        spec.minGpuMemoryGb()
            .orElse(memory.getOrDefault(spec.hardware().gpuType(), Integer.MAX_VALUE));
    List<String> out = new ArrayList<>();
    cheapest.entrySet().stream()
        .filter(e -> !listed.contains(e.getKey()))
        .filter(e -> memory.getOrDefault(e.getKey(), 0) >= min)
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> out.add(e.getKey()));
    catalogFallbacks = List.copyOf(out);
    return catalogFallbacks;
  }

  private AiToolkitClient ui(Pod pod, String token) {
    URI base = URI.create(spec.proxyUrlTemplate().replace("{podId}", pod.id()));
    return new AiToolkitClient(
        uiHttp, base, token, Duration.ofSeconds(95), 5, Duration.ofSeconds(2), sleeper);
  }

  /** Finds or creates the network volume, and pins the run to its data centre. */
  private void resolveVolume() throws IOException {
    if (spec.networkVolume().isEmpty()) {
      return;
    }
    String name = spec.networkVolume().get();
    for (NetworkVolume v : client.listNetworkVolumes()) {
      if (v.name().equals(name)) {
        volumeId = v.id();
        volumeDataCenter = v.dataCenter();
        journal("volume", e -> e.put("volumeId", volumeId).put("dataCenter", volumeDataCenter));
        return;
      }
    }
    String dc =
        spec.dataCenterIds().isEmpty() ? volumeDataCenterFor() : spec.dataCenterIds().get(0);
    NetworkVolume created =
        client.createNetworkVolume(
            CreateNetworkVolumeRequest.builder()
                .name(name)
                .size(spec.networkVolumeSizeGb())
                .dataCenter(dc)
                .build());
    volumeId = created.id();
    volumeDataCenter = created.dataCenter();
    journal("volume-created", e -> e.put("volumeId", volumeId).put("dataCenter", volumeDataCenter));
  }

  /** A data centre where the run's GPU has stock now (the catalog's first), for a new volume. */
  private String volumeDataCenterFor() {
    GpuType t =
        client.getGpuType(spec.hardware().gpuType(), GpuTypeQuery.podAvailability(Cloud.SECURE));
    return t.dataCenters().stream()
        .filter(d -> d.availability() != AvailabilityLevel.NONE)
        .map(d -> d.id())
        .findFirst()
        .orElseThrow(
            () ->
                new RunpodException(
                    "no data centre has "
                        + spec.hardware().gpuType()
                        + " in stock for a new network volume; give --data-center"));
  }

  /** Creates the pod and waits for the UI; null when a cap was reached first. */
  private AiToolkitClient startPod() throws IOException {
    token = AiToolkitClient.newToken();
    PodLauncher launcher = launcher();
    journal("pod-launching", e -> e.put("podName", podName));
    podSince = clock.instant();
    LaunchResult launched;
    try {
      launched = launcher.launchAndAwaitReady(podRequest(token), spec.podReadyTimeout());
    } catch (RunpodException e) {
      journal("pod-terminated", x -> x.put("podName", podName).put("reason", "launch failed"));
      throw e;
    }
    Pod pod = launched.pod();
    podId = pod.id();
    costPerHour = pod.cost();
    pods++;
    String gpu = pod.gpu().map(g -> g.id()).orElse(spec.hardware().gpuType());
    podGpu = gpu;
    String cloud = pod.cloud().name();
    journal(
        "pod-created",
        e ->
            e.put("podId", podId)
                .put("podName", podName)
                .put("gpu", gpu)
                .put("cloud", cloud)
                .put("costPerHour", costPerHour));
    emit(new RunEvent.PodReady(clock.instant(), podId, gpu, cloud, costPerHour, pods));
    writeState(RunState.POD_READY, "");
    AiToolkitClient ui = ui(pod, token);
    Optional<RunOutcome> capped = awaitUi(ui);
    if (capped.isPresent()) {
      capOutcome = capped.get();
      return null;
    }
    return ui;
  }

  /** Uploads the datasets, creates (or finds) the job, clears a stale one, and starts it. */
  private void uploadAndStart(AiToolkitClient ui, boolean resume) throws IOException {
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
            "dataset " + ds.getKey() + ": file names collide after the UI's sanitising: " + stored);
      }
    }
    AiToolkitJob job = ui.createJob(spec.jobConfig(), spec.gpuIds());
    jobId = job.id();
    clearStale(ui, job);
    ui.startJob(job, spec.gpuIds());
    journal("job-started", e -> e.put("jobId", jobId).put("podId", podId).put("resume", resume));
    lastStep = -1;
    lastAdvance = clock.instant();
  }

  /** A job left running or stopping with nothing behind it is marked stopped before a start. */
  private void clearStale(AiToolkitClient ui, AiToolkitJob job) throws IOException {
    if (job.isStopping() || job.status().equals("running")) {
      ui.markStopped(job.id());
      journal("job-marked-stopped", e -> e.put("jobId", job.id()).put("was", job.status()));
    }
  }

  private Optional<RunOutcome> awaitUi(AiToolkitClient ui) {
    long polls = Math.max(1, spec.uiReadyTimeout().toMillis() / spec.pollInterval().toMillis());
    for (long i = 0; i < polls; i++) {
      if (cancelled.get()) {
        return Optional.of(finish(RunState.CANCELLED, cancelReason + " (before training started)"));
      }
      if (ui.isReady()) {
        return Optional.empty();
      }
      Optional<Map.Entry<RunState, String>> cap = capReached();
      if (cap.isPresent()) {
        return Optional.of(finish(cap.get().getKey(), cap.get().getValue()));
      }
      sleeper.pause(spec.pollInterval());
    }
    throw new RunpodException("ai-toolkit UI did not answer within " + spec.uiReadyTimeout());
  }

  private RunOutcome monitor(AiToolkitClient start) throws IOException {
    AiToolkitClient ui = start;
    int failures = 0;
    while (true) {
      if (cancelled.get()) {
        return stopWithSave(ui, RunState.CANCELLED, cancelReason);
      }
      AiToolkitJob job;
      try {
        Optional<AiToolkitJob> found = ui.job(jobId);
        if (found.isEmpty()) {
          throw new AiToolkitException("job " + jobId + " no longer exists on the pod", 200, null);
        }
        job = found.get();
        failures = 0;
      } catch (AiToolkitException e) {
        failures++;
        Optional<String> lost = podLost();
        if (lost.isPresent() || failures >= MAX_POLL_FAILURES) {
          String reason = lost.orElse("the UI failed " + failures + " polls: " + e.getMessage());
          ui = recover(ui, reason, true);
          failures = 0;
          continue;
        }
        sleeper.pause(spec.pollInterval().multipliedBy(Math.min(failures, 4)));
        continue;
      }
      boolean finished = job.isFinished();
      fetch(ui, finished);
      observe(ui, job);
      switch (job.status()) {
        case "completed":
          recordSpeed();
          return finish(RunState.COMPLETED, "training completed at step " + job.step());
        case "error":
          return finish(RunState.FAILED, "trainer error: " + job.info());
        case "stopped":
          return finish(RunState.FAILED, "job stopped on the pod: " + job.info());
        default:
          break;
      }
      if (stopFlag != null) {
        Violation v = stopFlag;
        return stopWithSave(
            ui, RunState.RED_FLAG, "stopped at red flag " + v.ruleId() + ": " + v.message());
      }
      Optional<Map.Entry<RunState, String>> cap = capReached();
      if (cap.isPresent()) {
        return stopWithSave(ui, cap.get().getKey(), cap.get().getValue());
      }
      if (job.status().equals("running")
          && Duration.between(lastAdvance, clock.instant()).compareTo(spec.stallTimeout()) >= 0) {
        String reason =
            "step "
                + job.step()
                + " did not advance for "
                + spec.stallTimeout().toMinutes()
                + " min";
        ui = recover(ui, reason, false);
        continue;
      }
      writeState(RunState.TRAINING, "step " + job.step());
      sleeper.pause(spec.pollInterval());
    }
  }

  /** Why the pod counts as lost (gone, exited, errored), or empty while it runs. */
  private Optional<String> podLost() {
    if (podId == null) {
      return Optional.empty();
    }
    try {
      Optional<Pod> pod = client.findPod(podId);
      if (pod.isEmpty()) {
        return Optional.of("pod " + podId + " is gone");
      }
      PodStatus status = pod.get().status();
      if (status == PodStatus.EXITED
          || status == PodStatus.ERROR
          || status == PodStatus.TERMINATED) {
        return Optional.of("pod " + podId + " is " + status);
      }
      return Optional.empty();
    } catch (RunpodException e) {
      return Optional.empty();
    }
  }

  /**
   * A lost pod or a stalled job. On a network volume: terminate the pod, start a new one on the
   * same volume and restart the job under its name, so ai-toolkit resumes from its newest save.
   * Without one, a stalled job on a live pod is restarted in place (its folder is still there); a
   * lost pod without a volume ends the run with what is at home.
   */
  private AiToolkitClient recover(AiToolkitClient ui, String reason, boolean podGone)
      throws IOException {
    String lostPod = podId;
    emit(new RunEvent.PodLost(clock.instant(), lostPod, reason));
    journal("pod-lost", e -> e.put("podId", lostPod).put("reason", reason));
    if (++recoveries > spec.maxRecoveries()) {
      throw new RunpodException(reason + "; gave up after " + spec.maxRecoveries() + " recoveries");
    }
    if (!podGone) {
      // The trainer hangs: stop it; a stop that does not complete leaves it stopping.
      stopQuietly(ui);
      try {
        ui.job(jobId).filter(j -> !j.status().equals("stopped")).ifPresent(j -> markQuietly(ui));
      } catch (AiToolkitException e) {
        LOG.log(System.Logger.Level.WARNING, "reading the stalled job failed: " + e.getMessage());
      }
    }
    if (volumeId == null) {
      if (podGone) {
        throw new RunpodException(reason + "; without --volume the run cannot resume");
      }
      AiToolkitJob job =
          ui.job(jobId).orElseThrow(() -> new RunpodException("job " + jobId + " vanished"));
      clearStale(ui, job);
      ui.startJob(job, spec.gpuIds());
      journal("job-restarted", e -> e.put("jobId", jobId).put("podId", podId));
      lastStep = -1;
      lastAdvance = clock.instant();
      emit(new RunEvent.Resumed(clock.instant(), podId, newestSavedStep()));
      return ui;
    }
    closePodCost();
    try {
      client.terminatePod(lostPod);
    } catch (RunpodException e) {
      LOG.log(System.Logger.Level.WARNING, "terminating the lost pod failed: " + e.getMessage());
    }
    journal("pod-terminated", e -> e.put("podId", lostPod).put("podName", podName));
    podName = PodLauncher.uniqueName(spec.podNamePrefix());
    podId = null;
    AiToolkitClient next = startPod();
    if (next == null) {
      throw new RunpodException("a cap was reached while replacing the lost pod");
    }
    uploadAndStart(next, true);
    emit(new RunEvent.Resumed(clock.instant(), podId, newestSavedStep()));
    lossSince = -1;
    return next;
  }

  private void markQuietly(AiToolkitClient ui) {
    try {
      ui.markStopped(jobId);
      journal("job-marked-stopped", e -> e.put("jobId", jobId).put("was", "stopping"));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mark_stopped failed: " + e.getMessage());
    }
  }

  /** The step of the newest checkpoint at home (the step ai-toolkit resumes from). */
  private int newestSavedStep() {
    return downloaded.keySet().stream().mapToInt(TrainingRun::stepOf).max().orElse(0);
  }

  /** The step in {@code <name>_<9 digits>.safetensors}, 0 for the final file. */
  static int stepOf(String fileName) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("_(\\d{9})\\.safetensors$").matcher(fileName);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Live view: progress, loss, GPU memory, samples; then the red-flag rules over the run. */
  private void observe(AiToolkitClient ui, AiToolkitJob job) throws IOException {
    Instant now = clock.instant();
    if (job.step() != lastStep) {
      if (lastStep >= 0 && job.step() > lastStep && lastPollAt != null) {
        double secs = Duration.between(lastPollAt, now).toMillis() / 1000.0;
        pollSecondsPerStep = secs / (job.step() - lastStep);
      }
      lastStep = job.step();
      lastAdvance = now;
      lastPollAt = now;
    }
    try {
      List<RunSnapshot.Loss> points = ui.loss(jobId, RunRules.LOSS_KEY, lossSince);
      for (RunSnapshot.Loss p : points) {
        loss.put(p.step(), p);
        emit(new RunEvent.LossPoint(now, RunRules.LOSS_KEY, p.step(), p.value()));
        lossSince = Math.max(lossSince, p.step());
      }
    } catch (AiToolkitException e) {
      LOG.log(System.Logger.Level.DEBUG, "loss not read: " + e.getMessage());
    }
    if (job.status().equals("running")) {
      try {
        ui.monitorGpu()
            .ifPresent(
                g -> {
                  memoryUsed.add(g[0]);
                  memoryTotal = g[1];
                  emit(new RunEvent.MonitorSample(now, g[0], g[1], g[2]));
                });
      } catch (AiToolkitException e) {
        LOG.log(System.Logger.Level.DEBUG, "monitor not read: " + e.getMessage());
      }
    }
    if (spec.downloadSamples()) {
      fetchSamples(ui);
    }
    int total =
        spec.jobConfig()
            .path("config")
            .path("process")
            .path(0)
            .path("train")
            .path("steps")
            .asInt(0);
    OptionalDouble sps = secondsPerStep();
    OptionalDouble eta =
        sps.isPresent() && total > 0
            ? OptionalDouble.of(sps.getAsDouble() * Math.max(0, total - job.step()))
            : OptionalDouble.empty();
    double cost = cost();
    OptionalDouble projected =
        eta.isPresent()
            ? OptionalDouble.of(cost + costPerHour * eta.getAsDouble() / 3600.0)
            : OptionalDouble.empty();
    emit(
        new RunEvent.Progress(
            now, job.step(), total, sps, eta, cost, projected, job.status(), job.info()));
    emit(new RunEvent.Cost(now, cost, false));
    RunSnapshot snapshot =
        RunSnapshot.builder()
            .step(job.step())
            .totalSteps(total)
            .loss(loss.values())
            .memoryUsedMb(memoryUsed)
            .memoryTotalMb(memoryTotal)
            .samples(sampleStats)
            .dataset(datasetStats)
            .build();
    for (Violation v : catalogue.check(RunRules.RUN, snapshot).violations()) {
      if (flagged.add(v.ruleId() + " " + v.path())) {
        redFlags.add(v);
        emit(new RunEvent.RedFlag(now, v));
        journal(
            "red-flag",
            e ->
                e.put("ruleId", v.ruleId())
                    .put("severity", v.severity().name())
                    .put("message", v.message()));
        if (spec.stopOn().isPresent()
            && v.severity().compareTo(spec.stopOn().get()) <= 0
            && stopFlag == null) {
          stopFlag = v;
        }
      }
    }
  }

  /**
   * Seconds per step: from ai-toolkit's loss log (its wall time per step, the trainer's own clock)
   * when it has two points, else from two polls that saw the step move.
   */
  private OptionalDouble secondsPerStep() {
    List<RunSnapshot.Loss> timed = new ArrayList<>();
    loss.values().stream().filter(p -> p.wallTime() > 0).forEach(timed::add);
    if (timed.size() >= 2) {
      RunSnapshot.Loss first = timed.get(0);
      RunSnapshot.Loss last = timed.get(timed.size() - 1);
      if (last.step() > first.step() && last.wallTime() > first.wallTime()) {
        return OptionalDouble.of(
            (last.wallTime() - first.wallTime()) / (last.step() - first.step()));
      }
    }
    return pollSecondsPerStep > 0 ? OptionalDouble.of(pollSecondsPerStep) : OptionalDouble.empty();
  }

  private void recordSpeed() {
    if (spec.speedKey().isEmpty()) {
      return;
    }
    OptionalDouble sps = secondsPerStep();
    if (sps.isEmpty()) {
      return;
    }
    SpeedLog log = spec.speedLogFile().map(SpeedLog::at).orElse(SpeedLog.standard());
    try {
      log.record(
          spec.speedKey().get(), sps.getAsDouble(), loss.size(), spec.runName(), clock.instant());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "speed not recorded: " + e.getMessage());
    }
  }

  /** The training images' perceptual hashes and saturation, for the sample rules. */
  private void readDataset() {
    if (!datasetStats.isEmpty()) {
      return;
    }
    for (Path dir : spec.datasets().values()) {
      try {
        for (Path f : files(dir)) {
          String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
          if (n.endsWith(".jpg")
              || n.endsWith(".jpeg")
              || n.endsWith(".png")
              || n.endsWith(".webp")) {
            try {
              ImageStats.read(f, 0).ifPresent(datasetStats::add);
            } catch (IOException | RuntimeException unreadable) {
              // The dataset scanner reports unreadable images; here they just do not compare.
            }
          }
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "dataset not read: " + e.getMessage());
      }
    }
  }

  /** Downloads new trainer samples into {@code samples/} and reads their stats. */
  private void fetchSamples(AiToolkitClient ui) {
    List<String> paths;
    try {
      paths = ui.samples(jobId);
    } catch (AiToolkitException e) {
      LOG.log(System.Logger.Level.DEBUG, "samples not listed: " + e.getMessage());
      return;
    }
    for (String abs : paths) {
      String name = abs.substring(abs.lastIndexOf('/') + 1);
      if (samples.contains(name)) {
        continue;
      }
      Path target = spec.resolvedOutputDir().resolve("samples").resolve(name);
      try {
        ui.downloadWhole(abs, target);
        samples.add(name);
        int step = sampleStep(name);
        journal("sample", e -> e.put("file", "samples/" + name).put("step", step));
        emit(new RunEvent.SampleSaved(clock.instant(), target, step));
        ImageStats.read(target, step).ifPresent(sampleStats::add);
      } catch (IOException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "sample " + name + " not downloaded: " + e.getMessage());
      }
    }
  }

  /** The step of a sample named {@code <ms>__<9-digit step>_<idx>.<ext>} (BaseSDTrainProcess). */
  static int sampleStep(String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("__(\\d{9})_").matcher(name);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * Before any stop: {@code save_now}, wait for that checkpoint and fetch it with the samples, then
   * stop the job, fetch everything, terminate.
   */
  private RunOutcome stopWithSave(AiToolkitClient ui, RunState state, String message)
      throws IOException {
    try {
      Optional<AiToolkitJob> job = ui.job(jobId);
      if (job.isPresent() && job.get().status().equals("running")) {
        saveNow(ui, job.get().step(), message);
      }
    } catch (AiToolkitException e) {
      LOG.log(System.Logger.Level.WARNING, "save before stop failed: " + e.getMessage());
    }
    stopQuietly(ui);
    fetch(ui, true);
    if (spec.downloadSamples()) {
      fetchSamples(ui);
    }
    return finish(state, message);
  }

  private void saveNow(AiToolkitClient ui, int stepAtRequest, String reason) throws IOException {
    Set<String> before = new java.util.HashSet<>(downloaded.keySet());
    ui.saveNow(jobId);
    journal("save-now", e -> e.put("step", stepAtRequest).put("reason", reason));
    Instant deadline = clock.instant().plus(spec.saveNowTimeout());
    while (clock.instant().isBefore(deadline)) {
      sleeper.pause(spec.pollInterval());
      Optional<AiToolkitJob> job = ui.job(jobId);
      boolean ended = job.isEmpty() || job.get().isFinished();
      // Once the job has ended its files are whole: fetch them all at once.
      fetch(ui, ended);
      if (savedSince(before, stepAtRequest, reason) || ended) {
        return;
      }
    }
    LOG.log(System.Logger.Level.WARNING, "save_now not honoured within " + spec.saveNowTimeout());
  }

  /** Reports the first checkpoint at home since {@code before} at or after the step. */
  private boolean savedSince(Set<String> before, int stepAtRequest, String reason) {
    for (String f : downloaded.keySet()) {
      int step = stepOf(f);
      if (!before.contains(f) && step >= stepAtRequest) {
        Path file = spec.resolvedOutputDir().resolve(f);
        emit(new RunEvent.SavedNow(clock.instant(), file, step, reason));
        journal("saved-now", e -> e.put("file", f).put("step", step));
        return true;
      }
    }
    return false;
  }

  /**
   * Downloads checkpoints whose size is stable (or all, when the job has finished). When the job
   * has finished, a failed download is retried from a fresh listing a few times, since the file may
   * have grown since it was listed.
   */
  private void fetch(AiToolkitClient ui, boolean all) throws IOException {
    IOException last = null;
    for (int round = 0; round < (all ? 3 : 1); round++) {
      try {
        fetchOnce(ui, all);
        return;
      } catch (IOException | AiToolkitException e) {
        LOG.log(System.Logger.Level.WARNING, "checkpoint download failed: " + e.getMessage());
        last = e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        if (all) {
          sleeper.pause(spec.pollInterval());
        }
      }
    }
    if (last != null && all) {
      throw last;
    }
  }

  private void fetchOnce(AiToolkitClient ui, boolean all) throws IOException {
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
      int step = stepOf(f.fileName());
      journal(
          "checkpoint", e -> e.put("file", f.fileName()).put("bytes", f.size()).put("step", step));
      emit(
          new RunEvent.CheckpointSaved(
              clock.instant(),
              target,
              f.size(),
              step > 0 ? java.util.OptionalInt.of(step) : java.util.OptionalInt.empty()));
      writeState(RunState.TRAINING, "downloaded " + f.fileName());
    }
  }

  /**
   * The cap reached, if any: state and message. The cost cap keeps back the cost of {@value
   * #SAVE_POLLS} polls: a {@code save_now} checkpoint shows in one listing, is confirmed whole by
   * the next two (the trainer writes in place), and the check itself comes up to one poll late; so
   * the saved run ends at the cap, not above it.
   */
  private Optional<Map.Entry<RunState, String>> capReached() {
    double saveMargin = costPerHour * spec.pollInterval().toMillis() * SAVE_POLLS / 3_600_000.0;
    if (spec.maxCostUsd().isPresent() && cost() + saveMargin >= spec.maxCostUsd().get()) {
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
        && Duration.between(runSince, clock.instant()).compareTo(spec.maxWallTime().get()) >= 0) {
      return Optional.of(
          Map.entry(RunState.TIME_CAP, "wall-time cap reached: " + spec.maxWallTime().get()));
    }
    return Optional.empty();
  }

  /** Cost so far: earlier pods of this run, plus the current pod's hourly cost times its age. */
  private double cost() {
    double current =
        podSince == null || podId == null
            ? 0
            : costPerHour * Duration.between(podSince, clock.instant()).toMillis() / 3_600_000.0;
    return costBefore + closedPodsCost + current;
  }

  /** Books the current pod's cost when it ends, in the journal too. */
  private void closePodCost() {
    if (podSince == null || podId == null) {
      return;
    }
    double usd = costPerHour * Duration.between(podSince, clock.instant()).toMillis() / 3_600_000.0;
    closedPodsCost += usd;
    String id = podId;
    Instant since = podSince;
    spentPods.put(id, since);
    journal("pod-cost", e -> e.put("podId", id).put("usd", usd).put("since", since.toString()));
    podSince = null;
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
    if (terminated && podId != null) {
      String id = podId;
      journal("pod-terminated", e -> e.put("podId", id).put("podName", podName));
    }
    closePodCost();
    OptionalDouble billed = reconcile();
    RunOutcome outcome = outcome(state, message, terminated, billed);
    journal(
        "finished",
        e -> {
          e.put("state", state.name()).put("message", message).put("costUsd", outcome.costUsd());
          billed.ifPresent(b -> e.put("billedUsd", b));
        });
    emit(new RunEvent.Finished(clock.instant(), outcome));
    return outcome;
  }

  /** RunPod's billed spend for every pod of the run, when the billing endpoint answers. */
  private OptionalDouble reconcile() {
    if (spentPods.isEmpty()) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    try {
      for (Map.Entry<String, Instant> p : spentPods.entrySet()) {
        sum += client.podSpend(p.getKey(), p.getValue());
      }
    } catch (RunpodException e) {
      LOG.log(System.Logger.Level.WARNING, "billing not read: " + e.getMessage());
      return OptionalDouble.empty();
    }
    emit(new RunEvent.Cost(clock.instant(), sum, true));
    return OptionalDouble.of(sum);
  }

  private RunOutcome outcome(RunState state, String message, boolean terminated) {
    return outcome(state, message, terminated, OptionalDouble.empty());
  }

  private RunOutcome outcome(
      RunState state, String message, boolean terminated, OptionalDouble billed) {
    writeState(state, message);
    return RunOutcome.builder()
        .state(state)
        .podId(Optional.ofNullable(podId))
        .jobId(Optional.ofNullable(jobId))
        .checkpoints(checkpoints)
        .samples(
            samples.stream()
                .map(n -> spec.resolvedOutputDir().resolve("samples").resolve(n))
                .collect(Collectors.toList()))
        .redFlags(redFlags)
        .costUsd(cost())
        .billedUsd(billed)
        .pods(pods)
        .podTerminated(terminated)
        .message(message)
        .build();
  }

  /** Terminates the run's pod, also any pod of its name whose id was never learnt. */
  private boolean terminate() {
    // terminating needs no placement: no catalog read on the way out
    return launcher(false).launcher().terminate(podId, podName);
  }

  private void emit(RunEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "run listener failed: " + e.getMessage());
    }
  }

  private void journal(String type, RunJournal.Fields fields) {
    try {
      journal.append(clock.instant(), type, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
          .datasets(datasetsAsText())
          .volumeId(Optional.ofNullable(volumeId))
          .volumeDataCenter(Optional.ofNullable(volumeDataCenter))
          .costUsd(cost())
          .message(message)
          .build()
          .write(spec.resolvedOutputDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> datasetsAsText() {
    Map<String, String> out = new LinkedHashMap<>();
    spec.datasets().forEach((k, v) -> out.put(k, v.toAbsolutePath().toString()));
    return out;
  }

  /** The job config beside the run file, so that {@link #watch} can rebuild the spec. */
  public static final String JOB_FILE = "job.json";

  private void writeJob() {
    try {
      java.nio.file.Files.createDirectories(spec.resolvedOutputDir());
      dev.lorakit.core.internal.AtomicFiles.write(
          spec.resolvedOutputDir().resolve(JOB_FILE),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec.jobConfig()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reattaches to the run in {@code runDir} (its {@code run.json} and {@code job.json}): keeps
   * polling, downloading and judging it until it ends, then terminates its pod. {@code base} holds
   * the settings that are not in the run folder (proxy template, caps, poll interval); its job
   * config, datasets and output folder are replaced by the run's.
   */
  public static TrainingRun watch(
      RunpodClient client, Path runDir, TrainingRunSpec base, Consumer<TrainingRun.Builder> setup)
      throws IOException {
    Optional<RunFile> file = RunFile.read(runDir);
    if (file.isEmpty()) {
      throw new RunpodException("no " + RunFile.FILE_NAME + " in " + runDir);
    }
    Path job = runDir.resolve(JOB_FILE);
    if (!java.nio.file.Files.exists(job)) {
      throw new RunpodException("no " + JOB_FILE + " in " + runDir);
    }
    ObjectNode config = (ObjectNode) Json.mapper().readTree(job.toFile());
    Map<String, Path> datasets = new LinkedHashMap<>();
    file.get().datasets().forEach((k, v) -> datasets.put(k, Path.of(v)));
    TrainingRunSpec spec =
        ImmutableTrainingRunSpec.builder()
            .from(base)
            .job(JobConfig.of(config))
            .datasets(datasets)
            .outputDir(runDir)
            .build();
    Builder b = builder(client, spec);
    setup.accept(b);
    TrainingRun run = b.build();
    run.volumeId = file.get().volumeId().orElse(null);
    run.volumeDataCenter = file.get().volumeDataCenter().orElse(null);
    return run;
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
    private Consumer<RunEvent> listener = e -> {};
    private RuleCatalogue catalogue;

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

    /** Receives every {@link RunEvent}, on the run's thread, in order. */
    public Builder listener(Consumer<RunEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The catalogue whose {@link RunRules#RUN} rules judge the run; the standard one by default.
     */
    public Builder catalogue(RuleCatalogue catalogue) {
      this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
      return this;
    }

    public TrainingRun build() {
      return new TrainingRun(this);
    }
  }
}
