package dev.lorakit.kubernetes;

import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmResult;
import dev.lorakit.core.sweep.ArmStatus;
import dev.lorakit.core.sweep.ArmTrainer;
import dev.lorakit.core.sweep.SweepArm;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One arm's Job, watched on the backend's scheduler: log progress, files home, the end.
 *
 * <p>A step checkpoint {@code <name>_<9-digit step>.safetensors} ({@code BaseSDTrainProcess.save},
 * l.518-523) is written inside loop step {@code step}, before the bar moves to {@code step + 1}
 * (l.2710-2720, l.2797): it is complete once the bar shows more than its step. Samples ({@code
 * [time]__<9-digit step>_<count>.<ext>} in {@code samples/}, l.286 and l.304-309) are written in
 * the same loop step after the save. The final {@code <name>.safetensors} (no step) is complete
 * when the Job has succeeded.
 */
final class KubernetesArmTrainer implements ArmTrainer {
  private static final Pattern SAMPLE =
      Pattern.compile(".*__(\\d{9})_\\d+\\.(?:jpg|jpeg|png|webp)");

  private final KubernetesClient client;
  private final KubernetesOptions options;
  private final SweepArm arm;
  private final String jobName;
  private final Map<String, String> labels;
  private final Path volume;
  private final Path home;
  private final java.util.function.Consumer<ArmEvent> events;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Pattern checkpoint;
  private final int saveEvery;
  private final int totalSteps;
  private final Instant started;
  private final CompletableFuture<ArmResult> result = new CompletableFuture<>();

  private final Set<String> broughtHome = new HashSet<>();
  private final List<ArmEvent> pending = new ArrayList<>();
  private ArmResult endResult;
  private final List<Path> checkpoints = new ArrayList<>();
  private final List<Path> samples = new ArrayList<>();
  private ScheduledFuture<?> polling;
  private int step;
  private Instant firstSeenAt;
  private int firstSeenStep = -1;
  private Instant lastSeenAt;
  private boolean ended;
  private String stopReason;
  private int stopTarget;
  private Instant stopDeadline;
  private Instant endedAt;

  KubernetesArmTrainer(
      KubernetesClient client,
      KubernetesOptions options,
      SweepArm arm,
      StepBudget budget,
      String jobName,
      Path volume,
      Path home,
      java.util.function.Consumer<ArmEvent> events,
      Clock clock,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.options = options;
    this.arm = arm;
    this.jobName = jobName;
    this.labels =
        Map.of(
            JobNames.MANAGED_BY, JobNames.MANAGER, JobNames.ARM, JobNames.labelValue(arm.name()));
    this.volume = volume;
    this.home = home;
    this.events = events;
    this.clock = clock;
    this.scheduler = scheduler;
    this.checkpoint = Pattern.compile(Pattern.quote(arm.name()) + "(?:_(\\d{9}))?\\.safetensors");
    this.saveEvery = budget.saveEvery();
    this.totalSteps = budget.totalSteps();
    this.started = clock.instant();
  }

  void schedule() {
    long every = options.pollInterval().toMillis();
    polling = scheduler.scheduleWithFixedDelay(this::pollGuarded, 0, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public SweepArm arm() {
    return arm;
  }

  @Override
  public synchronized ArmStatus status() {
    OptionalDouble perStep = OptionalDouble.empty();
    if (firstSeenStep >= 0 && step > firstSeenStep) {
      double seconds = Duration.between(firstSeenAt, lastSeenAt).toMillis() / 1000.0;
      perStep = OptionalDouble.of(seconds / (step - firstSeenStep));
    }
    return ArmStatus.builder()
        .step(step)
        .totalSteps(totalSteps)
        .costUsd(costUsd())
        .usdPerHour(options.usdPerHour())
        .secondsPerStep(perStep)
        .ended(ended)
        .build();
  }

  /** The GPU's price times the Job's lifetime (from its creation to its deletion). */
  private double costUsd() {
    Instant end = endedAt != null ? endedAt : now();
    return Duration.between(started, end).toMillis() / 3_600_000.0 * options.usdPerHour();
  }

  /**
   * Stop with what is kept: the arm trains on to its next {@code save_every} step (ai-toolkit saves
   * when {@code step_num % save_every == 0}, never at the first step: {@code BaseSDTrainProcess.py}
   * l.2554, l.2706), that checkpoint comes home, then the Job is deleted. Before the bar has moved
   * nothing has trained and the Job is deleted at once; when the next save would be the run's end,
   * the arm finishes.
   */
  @Override
  public synchronized void stop(String reason) {
    if (ended || stopReason != null) {
      return;
    }
    stopReason = reason;
    int target = ((step + saveEvery - 1) / saveEvery) * saveEvery;
    stopTarget = Math.max(saveEvery, target);
    stopDeadline = now().plus(options.stopTimeout());
    scheduler.execute(this::pollGuarded);
  }

  @Override
  public Optional<ArmResult> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("watching " + jobName + " failed", e.getCause());
    }
  }

  private void pollGuarded() {
    List<ArmEvent> out;
    ArmResult end;
    synchronized (this) {
      try {
        poll();
      } catch (RuntimeException e) {
        // The cluster or the volume failed this round; the next round tries again. A Job that is
        // gone for good ends the arm in poll().
      }
      out = List.copyOf(pending);
      pending.clear();
      end = endResult;
      endResult = null;
    }
    // outside the lock: a listener may stop this arm or another one from its callback
    for (ArmEvent e : out) {
      try {
        events.accept(e);
      } catch (RuntimeException listenerFailed) {
        // a listener's failure is its own; the arm goes on
      }
    }
    if (end != null) {
      result.complete(end);
    }
  }

  private void emit(ArmEvent e) {
    pending.add(e);
  }

  /** One look at the Job, the log and the volume; called with the lock held. */
  private void poll() {
    if (ended) {
      return;
    }
    Job job = client.batch().v1().jobs().inNamespace(options.namespace()).withName(jobName).get();
    readProgress();
    if (job == null) {
      bringHome(false);
      finish(ArmResult.Ending.FAILED, "job " + jobName + " disappeared from the cluster");
      return;
    }
    JobStatus status = job.getStatus();
    if (succeeded(status)) {
      bringHome(true);
      finish(
          ArmResult.Ending.COMPLETED,
          stopReason == null
              ? "trained to step " + step
              : "stop asked ("
                  + stopReason
                  + ") after the last save_every step: trained to the end");
      return;
    }
    if (failed(status)) {
      bringHome(false);
      finish(ArmResult.Ending.FAILED, "job failed: " + failure(status));
      return;
    }
    try {
      bringHome(false);
    } catch (UncheckedIOException e) {
      // the volume failed this round: the stop deadline still applies
    }
    if (stopReason != null) {
      if (stopTarget >= totalSteps) {
        return; // the next save is the final one: let the run end
      }
      boolean saved = broughtHome.contains(checkpointName(stopTarget));
      if (step == 0 && checkpoints.isEmpty()) {
        finish(ArmResult.Ending.STOPPED, stopReason + "; stopped before training began");
      } else if (saved) {
        finish(
            ArmResult.Ending.STOPPED,
            stopReason + "; stopped after the checkpoint of step " + stopTarget);
      } else if (!now().isBefore(stopDeadline)) {
        finish(
            ArmResult.Ending.STOPPED,
            stopReason
                + "; the checkpoint of step "
                + stopTarget
                + " did not come within "
                + options.stopTimeout()
                + ": kept up to step "
                + lastSavedStep());
      }
    }
  }

  private String checkpointName(int s) {
    return arm.name() + String.format(Locale.ROOT, "_%09d", s) + ".safetensors";
  }

  private int lastSavedStep() {
    return checkpoints.stream()
        .map(p -> checkpoint.matcher(p.getFileName().toString()))
        .filter(m -> m.matches() && m.group(1) != null)
        .mapToInt(m -> Integer.parseInt(m.group(1)))
        .max()
        .orElse(0);
  }

  private void readProgress() {
    List<Pod> pods =
        client.pods().inNamespace(options.namespace()).withLabels(labels).list().getItems();
    for (Pod pod : pods) {
      String log;
      try {
        log =
            client
                .pods()
                .inNamespace(options.namespace())
                .withName(pod.getMetadata().getName())
                .inContainer(JobSpecs.CONTAINER)
                .tailingLines(options.logTailLines())
                .getLog();
      } catch (KubernetesClientException e) {
        continue; // the container has not started: no log yet
      }
      if (log == null) {
        continue;
      }
      Optional<ProgressLine> line = ProgressLine.last(log, arm.name());
      if (line.isPresent() && line.get().step() > step) {
        progressed(line.get());
      }
    }
  }

  private void progressed(ProgressLine line) {
    Instant at = now();
    step = line.step();
    if (firstSeenStep < 0) {
      firstSeenStep = step;
      firstSeenAt = at;
    }
    lastSeenAt = at;
    line.losses()
        .forEach(
            (key, value) ->
                emit(
                    new ArmEvent.Loss(
                        at, arm.name(), "loss/" + key, step, OptionalDouble.of(value))));
    emit(new ArmEvent.Progress(at, arm.name(), status()));
  }

  /** Copies every complete checkpoint and sample home once; {@code all} when the Job succeeded. */
  private void bringHome(boolean all) {
    if (!Files.isDirectory(volume)) {
      return;
    }
    try (Stream<Path> files = Files.list(volume)) {
      // by step, the final file (no step) last: the order ai-toolkit wrote them
      for (Path f : files.sorted(Comparator.comparingLong(this::stepOf)).toList()) {
        Matcher m = checkpoint.matcher(f.getFileName().toString());
        if (!m.matches() || broughtHome.contains(f.getFileName().toString())) {
          continue;
        }
        OptionalInt at =
            m.group(1) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(1)));
        boolean complete = at.isPresent() ? at.getAsInt() < step || all : all;
        if (complete) {
          Path copy = copyHome(f, home.resolve(f.getFileName().toString()));
          checkpoints.add(copy);
          emit(new ArmEvent.Checkpoint(now(), arm.name(), copy, at));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path sampleDir = volume.resolve("samples");
    if (!Files.isDirectory(sampleDir)) {
      return;
    }
    try (Stream<Path> files = Files.list(sampleDir)) {
      for (Path f : files.sorted().toList()) {
        String key = "samples/" + f.getFileName();
        Matcher m = SAMPLE.matcher(f.getFileName().toString());
        if (!m.matches() || broughtHome.contains(key)) {
          continue;
        }
        int at = Integer.parseInt(m.group(1));
        if (at < step || all) {
          Path copy = copyHome(f, home.resolve("samples").resolve(f.getFileName().toString()));
          broughtHome.add(key);
          samples.add(copy);
          emit(new ArmEvent.Sample(now(), arm.name(), copy, at));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long stepOf(Path f) {
    Matcher m = checkpoint.matcher(f.getFileName().toString());
    if (!m.matches()) {
      return -1;
    }
    return m.group(1) == null ? Long.MAX_VALUE : Long.parseLong(m.group(1));
  }

  private Path copyHome(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Path part = to.resolveSibling(to.getFileName() + ".part");
    Files.copy(from, part, StandardCopyOption.REPLACE_EXISTING);
    long want = Files.size(from);
    long got = Files.size(part);
    if (want != got) {
      Files.deleteIfExists(part);
      throw new IOException(from + ": copied " + got + " of " + want + " bytes");
    }
    Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    broughtHome.add(from.getFileName().toString());
    return to;
  }

  private void finish(ArmResult.Ending ending, String reason) {
    ended = true;
    endedAt = now();
    if (polling != null) {
      polling.cancel(false);
    }
    boolean released = release();
    ArmResult r =
        ArmResult.builder()
            .armName(arm.name())
            .ending(ending)
            .lastStep(step)
            .checkpoints(checkpoints)
            .samples(samples)
            .costUsd(costUsd())
            .released(released)
            .reason(reason)
            .build();
    emit(new ArmEvent.Ended(endedAt, arm.name(), r));
    endResult = r;
  }

  /** Deletes the Job (its pods in the background), the pods and the ConfigMap; whether all went. */
  private boolean release() {
    String ns = options.namespace();
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(ns)
          .withName(jobName)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      // the garbage collector deletes them after the Job; deleting them here too costs nothing
      client.pods().inNamespace(ns).withLabels(labels).delete();
      client.configMaps().inNamespace(ns).withName(jobName).delete();
      return client.batch().v1().jobs().inNamespace(ns).withName(jobName).get() == null
          && client.configMaps().inNamespace(ns).withName(jobName).get() == null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private static boolean succeeded(JobStatus s) {
    return s != null
        && ((s.getSucceeded() != null && s.getSucceeded() > 0) || condition(s, "Complete"));
  }

  private static boolean failed(JobStatus s) {
    return s != null && ((s.getFailed() != null && s.getFailed() > 0) || condition(s, "Failed"));
  }

  private static boolean condition(JobStatus s, String type) {
    return s.getConditions() != null
        && s.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String failure(JobStatus s) {
    if (s.getConditions() != null) {
      for (JobCondition c : s.getConditions()) {
        if ("Failed".equals(c.getType()) && c.getMessage() != null) {
          return c.getMessage();
        }
      }
    }
    return "the trainer exited with an error (backoffLimit 0: no retry)";
  }

  private Instant now() {
    return clock.instant();
  }

  @Override
  public String toString() {
    return "KubernetesArmTrainer[" + jobName + "]";
  }
}
