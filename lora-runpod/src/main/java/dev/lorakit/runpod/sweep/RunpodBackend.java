package dev.lorakit.runpod.sweep;

import dev.lorakit.core.project.JobConfigWriter;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmResult;
import dev.lorakit.core.sweep.ArmStatus;
import dev.lorakit.core.sweep.ArmTrainer;
import dev.lorakit.core.sweep.SweepArm;
import dev.lorakit.core.sweep.TrainerBackend;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodStatus;
import dev.lorakit.runpod.training.RunEvent;
import dev.lorakit.runpod.training.RunOutcome;
import dev.lorakit.runpod.training.RunState;
import dev.lorakit.runpod.training.TrainingRun;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The RunPod backend of a sweep: each arm is one {@link TrainingRun} (its own pod, its own output
 * folder, and with a network volume its own folder {@code <arm name>/} on the volume, since the
 * volume is the trainer's training folder and the arm's {@code config.name} is its subfolder) on a
 * thread of its own. Pod names start with {@code lorakit-<sweep>-a<n>-<arm>} (cut to 40
 * characters), so {@link #liveTrainers} finds every pod of a sweep in RunPod's pod list, and {@code
 * lorakit runpod reap} still knows them as lorakit pods. A stop is {@link
 * TrainingRun#cancel(String)}: save_now first, the checkpoint and samples home, then the pod is
 * terminated.
 *
 * <pre>{@code
 * TrainerBackend backend =
 *     RunpodBackend.builder(client, datasetRoot, AiToolkitWriter.create())
 *         .spec(s -> TrainingRunSpec.builder().from(s).networkVolume("maya-sweep").build())
 *         .build();
 * SweepResult r = SweepRunner.builder(backend, plan, Path.of("sweeps/maya")).build().run();
 * }</pre>
 */
public final class RunpodBackend implements TrainerBackend {
  private static final System.Logger LOG = System.getLogger(RunpodBackend.class.getName());

  private final RunpodClient client;
  private final Path datasetRoot;
  private final JobConfigWriter writer;
  private final UnaryOperator<TrainingRunSpec> customise;
  private final java.util.function.Function<dev.lorakit.core.project.LoraProject, TrainingRunSpec>
      forProject;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ThreadFactory threads;
  private final boolean shutdownHook;
  private final AtomicInteger arms = new AtomicInteger();

  private RunpodBackend(Builder b) {
    this.client = b.client;
    this.datasetRoot = b.datasetRoot;
    this.writer = b.writer;
    this.customise = b.customise;
    this.forProject =
        b.forProject != null
            ? b.forProject
            : project -> TrainingRunSpec.forProject(project, datasetRoot, writer);
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.threads = b.threads;
    this.shutdownHook = b.shutdownHook;
  }

  public static Builder builder(RunpodClient client, Path datasetRoot, JobConfigWriter writer) {
    return new Builder(client, datasetRoot, writer);
  }

  @Override
  public String name() {
    return "runpod";
  }

  /** The prefix of every pod name of the sweep: {@code lorakit-<sweep, cleaned, <= 24>-}. */
  public static String podPrefix(String sweepName) {
    String clean = sweepName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    clean = clean.replaceAll("-+", "-").replaceAll("^-|-$", "");
    if (clean.length() > 24) {
      clean = clean.substring(0, 24).replaceAll("-$", "");
    }
    return "lorakit-" + (clean.isEmpty() ? "sweep" : clean) + "-";
  }

  @Override
  public ArmTrainer start(SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
    return start(arm.name(), arm, armDir, events);
  }

  @Override
  public ArmTrainer start(String sweepName, SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
    if (!arm.runnable()) {
      throw new IllegalArgumentException("arm " + arm.name() + " is not runnable");
    }
    TrainingRunSpec base = forProject.apply(arm.project());
    TrainingRunSpec spec =
        TrainingRunSpec.builder()
            .from(customise.apply(base))
            .outputDir(armDir)
            .podNamePrefix(podPrefix(sweepName) + "a" + arms.incrementAndGet() + "-" + arm.name())
            .build();
    Trainer t = new Trainer(arm, spec, events);
    Thread thread = threads.newThread(t::execute);
    thread.start();
    return t;
  }

  /**
   * The live catalog's price of the arm's GPU on its first cloud; the plan's price when the catalog
   * does not answer; 0 when neither is known.
   */
  @Override
  public double usdPerHour(SweepArm arm) {
    String gpu = arm.project().hardware().gpuType();
    try {
      TrainingRunSpec probe = customise.apply(forProject.apply(arm.project()));
      double price =
          client
              .getGpuType(gpu, GpuTypeQuery.podAvailability(probe.clouds().get(0)))
              .pricePerGpuHour(probe.clouds().get(0));
      if (price > 0) {
        return price;
      }
    } catch (RunpodException | IllegalArgumentException e) {
      LOG.log(System.Logger.Level.DEBUG, "catalog price not read: " + e.getMessage());
    }
    return arm.plan().flatMap(p -> box(p.time().pricePerHour())).orElse(0.0);
  }

  private static Optional<Double> box(OptionalDouble d) {
    return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
  }

  @Override
  public List<String> liveTrainers(String sweepName) {
    String prefix = podPrefix(sweepName);
    return client.listPods().stream()
        .filter(p -> p.name().startsWith(prefix))
        .filter(p -> p.status() != PodStatus.TERMINATED)
        .map(Pod::name)
        .sorted()
        .toList();
  }

  /** One arm's run on its thread, its state as the run's events report it. */
  private final class Trainer implements ArmTrainer {
    private final SweepArm arm;
    private final TrainingRun run;
    private final Consumer<ArmEvent> events;
    private final int plannedSteps;
    private final CompletableFuture<ArmResult> result = new CompletableFuture<>();
    private volatile ArmStatus status;
    private volatile int step;
    private volatile double price;
    private volatile boolean stopRequested;

    Trainer(SweepArm arm, TrainingRunSpec spec, Consumer<ArmEvent> events) {
      this.arm = arm;
      this.events = events;
      this.plannedSteps = arm.plan().map(p -> p.budget().totalSteps()).orElse(0);
      this.run =
          TrainingRun.builder(client, spec)
              .sleeper(sleeper)
              .clock(clock)
              .shutdownHook(shutdownHook)
              .listener(this::onEvent)
              .build();
      this.status =
          ArmStatus.builder()
              .step(0)
              .totalSteps(plannedSteps)
              .costUsd(0)
              .usdPerHour(0)
              .ended(false)
              .build();
    }

    void execute() {
      RunOutcome outcome;
      try {
        outcome = run.execute();
      } catch (RuntimeException e) {
        // Config problems throw before anything is rented.
        outcome =
            RunOutcome.builder()
                .state(RunState.FAILED)
                .podTerminated(true)
                .message(String.valueOf(e.getMessage()))
                .build();
      }
      finish(outcome);
    }

    private void onEvent(RunEvent e) {
      if (e instanceof RunEvent.PodReady r) {
        price = r.costPerHour();
        status = ArmStatus.builder().from(status).usdPerHour(price).build();
      } else if (e instanceof RunEvent.Progress p) {
        step = p.step();
        status =
            ArmStatus.builder()
                .step(p.step())
                .totalSteps(p.total() > 0 ? p.total() : plannedSteps)
                .costUsd(p.costUsd())
                .usdPerHour(price)
                .secondsPerStep(p.secondsPerStep())
                .ended(false)
                .build();
        send(new ArmEvent.Progress(p.at(), arm.name(), status));
      } else if (e instanceof RunEvent.Cost c && !c.reconciled()) {
        status = ArmStatus.builder().from(status).costUsd(c.costUsd()).build();
      } else if (e instanceof RunEvent.LossPoint l) {
        send(new ArmEvent.Loss(l.at(), arm.name(), l.key(), l.step(), l.value()));
      } else if (e instanceof RunEvent.CheckpointSaved c) {
        // The save_now checkpoint of a stop is the arm's last step.
        step = Math.max(step, c.step().orElse(0));
        send(new ArmEvent.Checkpoint(c.at(), arm.name(), c.file(), c.step()));
      } else if (e instanceof RunEvent.SampleSaved s) {
        send(new ArmEvent.Sample(s.at(), arm.name(), s.file(), s.step()));
      } else if (e instanceof RunEvent.RedFlag f) {
        send(new ArmEvent.RedFlag(f.at(), arm.name(), f.violation()));
      }
    }

    private void finish(RunOutcome o) {
      ArmResult.Ending ending =
          switch (o.state()) {
            case COMPLETED -> ArmResult.Ending.COMPLETED;
            case CANCELLED, COST_CAP, TIME_CAP, RED_FLAG -> ArmResult.Ending.STOPPED;
            case FAILED, STARTING, POD_READY, TRAINING -> ArmResult.Ending.FAILED;
          };
      ArmResult r =
          ArmResult.builder()
              .armName(arm.name())
              .ending(ending)
              .lastStep(step)
              .checkpoints(o.checkpoints())
              .samples(o.samples())
              .redFlags(o.redFlags())
              .costUsd(o.costUsd())
              .billedUsd(o.billedUsd())
              .released(o.podTerminated())
              .reason(o.message())
              .build();
      send(new ArmEvent.Ended(clock.instant(), arm.name(), r));
      result.complete(r);
      status =
          ArmStatus.builder()
              .from(status)
              .costUsd(Math.max(o.costUsd(), o.billedUsd().orElse(0)))
              .ended(true)
              .build();
    }

    private void send(ArmEvent e) {
      try {
        events.accept(e);
      } catch (RuntimeException ex) {
        LOG.log(System.Logger.Level.WARNING, "sweep listener failed: " + ex.getMessage());
      }
    }

    @Override
    public SweepArm arm() {
      return arm;
    }

    @Override
    public ArmStatus status() {
      return status;
    }

    @Override
    public void stop(String reason) {
      if (!stopRequested) {
        stopRequested = true;
        run.cancel(reason);
      }
    }

    @Override
    public Optional<ArmResult> await(Duration timeout) throws InterruptedException {
      if (timeout.isZero() || timeout.isNegative()) {
        return Optional.ofNullable(result.getNow(null));
      }
      try {
        return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        return Optional.empty();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Settings of a {@link RunpodBackend}. */
  public static final class Builder {
    private final RunpodClient client;
    private final Path datasetRoot;
    private final JobConfigWriter writer;
    private UnaryOperator<TrainingRunSpec> customise = s -> s;
    private java.util.function.Function<dev.lorakit.core.project.LoraProject, TrainingRunSpec>
        forProject;
    private Sleeper sleeper = Sleeper.REAL;
    private Clock clock = Clock.systemUTC();
    private boolean shutdownHook = true;
    private ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "lorakit-sweep-arm");
          t.setDaemon(false);
          return t;
        };

    private Builder(RunpodClient client, Path datasetRoot, JobConfigWriter writer) {
      this.client = Objects.requireNonNull(client, "client");
      this.datasetRoot = Objects.requireNonNull(datasetRoot, "datasetRoot");
      this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Changes each arm's run spec (proxy, caps, GPU fallbacks, network volume, poll interval) after
     * it was built from the arm's project; the output folder and pod name prefix are the sweep's.
     */
    public Builder spec(UnaryOperator<TrainingRunSpec> customise) {
      this.customise = Objects.requireNonNull(customise, "customise");
      return this;
    }

    /**
     * How an arm's run spec is made from its project; {@code TrainingRunSpec.forProject(project,
     * datasetRoot, writer)} by default. The CLI passes the variant with the scanned image sizes,
     * the planned GPU memory and the speed-log key ({@link TrainingRunSpec#forProject(
     * dev.lorakit.core.project.LoraProject, Path, Map, java.util.function.Function)}).
     */
    public Builder forProject(
        java.util.function.Function<dev.lorakit.core.project.LoraProject, TrainingRunSpec> specs) {
      this.forProject = Objects.requireNonNull(specs, "specs");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where each arm's run thread comes from. */
    public Builder threads(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /** Whether each run terminates its pod from a JVM shutdown hook (default true). */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    public RunpodBackend build() {
      return new RunpodBackend(this);
    }
  }
}
