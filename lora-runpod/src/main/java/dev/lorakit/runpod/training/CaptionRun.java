package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.runpod.LaunchResult;
import dev.lorakit.runpod.PlacementPolicy;
import dev.lorakit.runpod.PodLauncher;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Captions images with ai-toolkit's own captioning job on a RunPod pod: rent a GPU pod with the
 * ai-toolkit image, upload the images through the UI ({@code /api/datasets/upload}), create a
 * {@code job_type: caption} job over the UI's datasets folder and start it with its queue, as the
 * UI's caption dialog does ({@code ui/src/components/CaptionDatasetModal.tsx} l.137-149 at
 * 27a03a91), poll it ({@code step} of {@code total_steps} files, {@code BaseCaptioner.run}
 * l.100-113), read the captions back ({@code POST /api/caption/getBatch}), terminate the pod.
 *
 * <p>The pod is terminated on every path: a failed launch, a captioner error, a cap, {@link
 * #cancel()}, an exception, and JVM shutdown. Every pod and dollar goes to the append-only {@link
 * RunJournal} in {@link CaptionRunSpec#outputDir()}, under lorakit's pod name prefix, so {@link
 * Reaper} finds a pod a killed process left behind.
 *
 * <pre>{@code
 * try (RunpodClient client = RunpodClient.fromEnv()) {
 *   CaptionOutcome o = CaptionRun.builder(client, spec).build().execute();
 * }
 * }</pre>
 */
public final class CaptionRun {
  private static final System.Logger LOG = System.getLogger(CaptionRun.class.getName());

  /** The {@code job_type} of a captioning job ({@code ui/prisma/schema.prisma} l.40). */
  public static final String JOB_TYPE = "caption";

  /** Captions read back per {@code getBatch} request. */
  private static final int BATCH = 200;

  private static final int MAX_POLL_FAILURES = 8;

  private final RunpodClient client;
  private final CaptionRunSpec spec;
  private final Sleeper sleeper;
  private final Clock clock;
  private final HttpClient uiHttp;
  private final boolean shutdownHook;
  private final ScanListener listener;
  private final RunJournal journal;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  private String podName;
  private String podId;
  private String jobId;
  private double costPerHour;
  private Instant podSince;
  private Instant runSince;
  private double spent;
  private Instant spentSince;
  private final Map<String, Path> podImages = new LinkedHashMap<>();
  private final Map<Path, String> captions = new LinkedHashMap<>();

  private CaptionRun(Builder b) {
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
    this.journal = RunJournal.open(spec.outputDir());
  }

  public static Builder builder(RunpodClient client, CaptionRunSpec spec) {
    return new Builder(client, spec);
  }

  /** The job config this run posts (its {@code config.name} is the pod name). */
  public ObjectNode jobConfig(String name) {
    return spec.job().jobConfig(name, PodDatasets.DATASETS_ROOT);
  }

  /** Asks the run to stop: the job is stopped and the pod terminated; no caption comes home. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Runs to the end; every failure is an outcome, never a leaked pod. */
  public CaptionOutcome execute() {
    podName = PodLauncher.uniqueName(Reaper.PREFIX + spec.runName());
    runSince = clock.instant();
    Thread hook = new Thread(this::onShutdown, "lorakit-captions-shutdown");
    if (shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      Files.createDirectories(spec.outputDir());
      journal("run-started", e -> e.put("runName", spec.runName()).put("jobType", JOB_TYPE));
      return run();
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "caption run failed: " + e.getMessage());
      return finish(RunState.FAILED, String.valueOf(e.getMessage()));
    } finally {
      done.countDown();
      if (shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for this run to end
        }
      }
    }
  }

  private CaptionOutcome run() throws IOException {
    String token = AiToolkitClient.newToken();
    CreatePodRequest request =
        CreatePodRequest.builder()
            .name(podName)
            .image(spec.image())
            .gpu(CreateGpuConfig.of(spec.hardware().gpuType()))
            .cloud(spec.clouds().get(0))
            .disk(spec.containerDiskGb())
            .addPorts("8675/http")
            .putEnv("AI_TOOLKIT_AUTH", token)
            .build();
    PodLauncher launcher = launcher();
    journal("pod-launching", e -> e.put("podName", podName));
    LaunchResult launched;
    try {
      launched = launcher.launchAndAwaitReady(request, spec.podReadyTimeout());
    } catch (RunpodException e) {
      // launchAndAwaitReady terminated whatever pod of this name it created
      journal("pod-terminated", x -> x.put("podName", podName).put("reason", "launch failed"));
      throw e;
    }
    Pod pod = launched.pod();
    podId = pod.id();
    podSince = clock.instant();
    costPerHour = pod.cost();
    String gpu = pod.gpu().map(g -> g.id()).orElse(spec.hardware().gpuType());
    journal(
        "pod-created",
        e ->
            e.put("podId", podId)
                .put("podName", podName)
                .put("gpu", gpu)
                .put("costPerHour", costPerHour));
    AiToolkitClient ui =
        new AiToolkitClient(
            uiHttp,
            URI.create(spec.proxyUrlTemplate().replace("{podId}", podId)),
            token,
            Duration.ofSeconds(95),
            5,
            Duration.ofSeconds(2),
            sleeper);
    Optional<CaptionOutcome> capped = awaitUi(ui);
    if (capped.isPresent()) {
      return capped.get();
    }
    upload(ui);
    ObjectNode config = jobConfig(podName);
    writeJob(config);
    AiToolkitJob job = ui.createJob(config, spec.gpuIds(), JOB_TYPE, PodDatasets.DATASETS_ROOT);
    jobId = job.id();
    ui.startJob(job, spec.gpuIds());
    journal("job-started", e -> e.put("jobId", jobId).put("podId", podId));
    Optional<CaptionOutcome> ended = monitor(ui);
    if (ended.isPresent()) {
      return ended.get();
    }
    readCaptions(ui);
    int missing = podImages.size() - captions.size();
    journal("captions", e -> e.put("captioned", captions.size()).put("uncaptioned", missing));
    return finish(
        RunState.COMPLETED,
        String.format(
            Locale.ROOT,
            "%d of %d image(s) captioned by %s",
            captions.size(),
            podImages.size(),
            spec.job().captioner().processType()));
  }

  private PodLauncher launcher() {
    PlacementPolicy policy =
        PlacementPolicy.builder()
            .from(
                PlacementPolicy.from(
                    spec.hardware(), spec.fallbackGpuTypeIds().toArray(new String[0])))
            .clouds(spec.clouds())
            .build();
    return PodLauncher.builder(client)
        .policy(policy)
        .pollInterval(spec.pollInterval())
        .sleeper(sleeper)
        .build();
  }

  private Optional<CaptionOutcome> awaitUi(AiToolkitClient ui) {
    long polls = Math.max(1, spec.uiReadyTimeout().toMillis() / spec.pollInterval().toMillis());
    for (long i = 0; i < polls; i++) {
      if (ui.isReady()) {
        return Optional.empty();
      }
      Optional<CaptionOutcome> cap = capReached();
      if (cap.isPresent()) {
        return cap;
      }
      sleeper.pause(spec.pollInterval());
    }
    throw new RunpodException("ai-toolkit UI did not answer within " + spec.uiReadyTimeout());
  }

  /**
   * Uploads every dataset flat; remembers each image's absolute pod path under the name the UI
   * stored it as ({@code ui/src/app/api/datasets/upload/route.ts} l.34).
   */
  private void upload(AiToolkitClient ui) {
    for (Map.Entry<String, List<Path>> ds : spec.images().entrySet()) {
      if (ds.getValue().isEmpty()) {
        continue;
      }
      List<String> stored = ui.uploadDataset(ds.getKey(), ds.getValue(), spec.uploadBatchBytes());
      if (stored.size() != ds.getValue().size() || new HashSet<>(stored).size() != stored.size()) {
        throw new RunpodException(
            "dataset "
                + ds.getKey()
                + ": uploaded "
                + ds.getValue().size()
                + " images, the UI stored "
                + new HashSet<>(stored).size()
                + " distinct names (names collide after the UI's sanitising)");
      }
      for (int i = 0; i < stored.size(); i++) {
        podImages.put(
            PodDatasets.DATASETS_ROOT + "/" + ds.getKey() + "/" + stored.get(i),
            ds.getValue().get(i));
      }
    }
    int n = podImages.size();
    journal("uploaded", e -> e.put("images", n));
  }

  /** Polls the job to its end; an outcome when it did not complete. */
  private Optional<CaptionOutcome> monitor(AiToolkitClient ui) {
    int failures = 0;
    listener.started(podImages.size());
    try {
      while (true) {
        if (cancelled.get()) {
          stopQuietly(ui);
          return Optional.of(finish(RunState.CANCELLED, "cancelled"));
        }
        AiToolkitJob job;
        try {
          job =
              ui.job(jobId)
                  .orElseThrow(
                      () ->
                          new AiToolkitException(
                              "job " + jobId + " no longer exists on the pod", 200, null));
          failures = 0;
        } catch (AiToolkitException e) {
          if (++failures >= MAX_POLL_FAILURES) {
            throw new RunpodException("the UI failed " + failures + " polls: " + e.getMessage(), e);
          }
          sleeper.pause(spec.pollInterval());
          continue;
        }
        int total = job.total_steps().orElse(podImages.size());
        listener.fileScanned(job.info(), Math.min(job.step(), total), total);
        switch (job.status()) {
          case "completed":
            return Optional.empty();
          case "error":
            return Optional.of(finish(RunState.FAILED, "captioner error: " + job.info()));
          case "stopped":
            return Optional.of(finish(RunState.FAILED, "caption job stopped: " + job.info()));
          default:
            break;
        }
        Optional<CaptionOutcome> cap = capReached();
        if (cap.isPresent()) {
          stopQuietly(ui);
          return cap;
        }
        sleeper.pause(spec.pollInterval());
      }
    } finally {
      listener.finished();
    }
  }

  private void readCaptions(AiToolkitClient ui) {
    List<String> paths = new ArrayList<>(podImages.keySet());
    for (int i = 0; i < paths.size(); i += BATCH) {
      Map<String, String> got =
          ui.captions(paths.subList(i, Math.min(paths.size(), i + BATCH)), "txt");
      got.forEach((p, text) -> captions.put(podImages.get(p), text));
    }
  }

  private Optional<CaptionOutcome> capReached() {
    if (spec.maxCostUsd().isPresent() && cost() >= spec.maxCostUsd().get()) {
      return Optional.of(
          finish(
              RunState.COST_CAP,
              String.format(
                  Locale.ROOT,
                  "cost cap reached: %.2f of %.2f USD",
                  cost(),
                  spec.maxCostUsd().get())));
    }
    if (Duration.between(runSince, clock.instant()).compareTo(spec.maxWallTime()) >= 0) {
      return Optional.of(finish(RunState.TIME_CAP, "wall-time cap reached: " + spec.maxWallTime()));
    }
    return Optional.empty();
  }

  private double cost() {
    double current =
        podSince == null
            ? 0
            : costPerHour * Duration.between(podSince, clock.instant()).toMillis() / 3_600_000.0;
    return spent + current;
  }

  private void stopQuietly(AiToolkitClient ui) {
    try {
      if (jobId != null) {
        ui.stopJob(jobId);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "stopping the caption job failed: " + e.getMessage());
    }
  }

  private CaptionOutcome finish(RunState state, String message) {
    boolean terminated = terminate();
    if (terminated && podId != null) {
      journal("pod-terminated", e -> e.put("podId", podId).put("podName", podName));
    }
    if (podSince != null) {
      double usd = cost();
      spent = usd;
      spentSince = podSince;
      podSince = null;
      journal(
          "pod-cost",
          e -> e.put("podId", podId).put("usd", usd).put("since", spentSince.toString()));
    }
    OptionalDouble billed = OptionalDouble.empty();
    if (podId != null && spentSince != null) {
      try {
        billed = OptionalDouble.of(client.podSpend(podId, spentSince));
      } catch (RunpodException e) {
        LOG.log(System.Logger.Level.WARNING, "billing not read: " + e.getMessage());
      }
    }
    List<Path> uncaptioned = new ArrayList<>();
    if (state == RunState.COMPLETED) {
      podImages.values().stream().filter(p -> !captions.containsKey(p)).forEach(uncaptioned::add);
    }
    CaptionOutcome outcome =
        CaptionOutcome.builder()
            .state(state)
            .captions(captions)
            .uncaptioned(uncaptioned)
            .podId(Optional.ofNullable(podId))
            .jobId(Optional.ofNullable(jobId))
            .costUsd(cost())
            .billedUsd(billed)
            .podTerminated(terminated)
            .message(message)
            .build();
    OptionalDouble b = billed;
    journal(
        "finished",
        e -> {
          e.put("state", state.name()).put("message", message).put("costUsd", outcome.costUsd());
          b.ifPresent(v -> e.put("billedUsd", v));
        });
    return outcome;
  }

  /** Terminates the pod by id and every pod of the run's unique name (up to three tries). */
  private boolean terminate() {
    return launcher().terminate(podId, podName);
  }

  private void onShutdown() {
    cancelled.set(true);
    try {
      if (done.await(spec.pollInterval().toMillis() * 4 + 60_000, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminate();
  }

  private void writeJob(ObjectNode config) {
    try {
      dev.lorakit.core.internal.AtomicFiles.write(
          spec.outputDir().resolve(TrainingRun.JOB_FILE),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void journal(String type, RunJournal.Fields fields) {
    try {
      journal.append(clock.instant(), type, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings of a {@link CaptionRun}. */
  public static final class Builder {
    private final RunpodClient client;
    private final CaptionRunSpec spec;
    private Sleeper sleeper = Sleeper.REAL;
    private Clock clock = Clock.systemUTC();
    private HttpClient uiHttp;
    private boolean shutdownHook = true;
    private ScanListener listener = ScanListener.NONE;

    private Builder(RunpodClient client, CaptionRunSpec spec) {
      this.client = Objects.requireNonNull(client, "client");
      this.spec = Objects.requireNonNull(spec, "spec");
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder uiHttpClient(HttpClient http) {
      this.uiHttp = Objects.requireNonNull(http, "http");
      return this;
    }

    /** Whether a JVM shutdown stops the job and terminates the pod (default true). */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /** Progress: files captioned of the job's total, with the job's status line as the path. */
    public Builder listener(ScanListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public CaptionRun build() {
      return new CaptionRun(this);
    }
  }
}
