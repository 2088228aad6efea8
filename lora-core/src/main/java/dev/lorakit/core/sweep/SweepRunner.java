package dev.lorakit.core.sweep;

import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a {@link SweepPlan} on a {@link TrainerBackend}: at most {@code parallel} arms at once, a
 * hard dollar cap, and successive halving at rungs. It depends on the backend interface only and is
 * deterministic under an injected clock and sleeper: it acts once per poll, from the thread that
 * calls {@link #run()}.
 *
 * <p><b>Budget.</b> The commitment is the actual spend of every arm (the larger of the estimate and
 * the billed amount) plus, for each running arm, its projected remaining spend ({@link
 * ArmStatus#remainingUsd}; before its first step, the rest of its planned cost), and at least the
 * cost of a stop ({@code stopReserve} at its price, the save and the download). A new arm starts
 * only if the commitment plus its projection (price x planned hours) stays within the cap. While
 * arms run, a commitment above the cap stops the worst running arm (which saves first), then the
 * next, until it fits.
 *
 * <p><b>Rungs.</b> At each rung (by default 1/3 and 2/3 of an arm's steps) an arm that reaches it
 * is scored by the {@link ArmScorer}; every arm ranked in the worse half of the scores recorded at
 * that rung so far is stopped if it still runs (asynchronous successive halving: the first arm at a
 * rung passes, later arrivals can send earlier ones home).
 *
 * <pre>{@code
 * SweepResult r = SweepRunner.builder(backend, plan, Path.of("sweeps/maya"))
 *     .scorer(identityScorer)
 *     .build()
 *     .run();
 * }</pre>
 */
public final class SweepRunner {
  /** Rungs at 1/3 and 2/3 of each arm's steps. */
  public static final List<Double> DEFAULT_RUNGS = List.of(1 / 3.0, 2 / 3.0);

  /** How the runner waits between polls; a test passes one that advances a virtual clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final TrainerBackend backend;
  private final SweepPlan plan;
  private final Path dir;
  private final String name;
  private final ArmScorer scorer;
  private final List<Double> rungs;
  private final Duration pollInterval;
  private final Duration stopReserve;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<SweepEvent> listener;

  /** One started arm: its trainer and what the runner has seen of it. */
  private final class Live {
    final SweepArm arm;
    final Path armDir;
    final ArmTrainer trainer;
    final double price;
    final double plannedSecondsPerStep;
    final ConcurrentLinkedQueue<ArmEvent> inbox = new ConcurrentLinkedQueue<>();
    final List<ArmEvent.Sample> samples = new ArrayList<>();
    final List<ArmEvent.Loss> loss = new ArrayList<>();
    final List<ArmEvent.Checkpoint> checkpoints = new ArrayList<>();
    final List<Violation> redFlags = new ArrayList<>();
    final Map<Integer, RungScore> scores = new TreeMap<>();
    ArmStatus status;
    ArmResult result;
    String stopReason;
    int stoppedAtRung;

    Live(SweepArm arm, Path armDir, double price) {
      this.arm = arm;
      this.armDir = armDir;
      this.price = price;
      this.plannedSecondsPerStep = arm.plan().map(p -> p.time().secondsPerStep()).orElse(0.0);
      this.trainer = backend.start(name, arm, armDir, inbox::add);
      this.status = trainer.status();
    }

    int totalSteps() {
      return status.totalSteps() > 0
          ? status.totalSteps()
          : arm.plan().map(p -> p.budget().totalSteps()).orElse(0);
    }

    int step() {
      return result != null ? result.lastStep() : status.step();
    }

    double spent() {
      return result != null ? spend(result) : status.costUsd();
    }

    /** Remaining commitment of a running arm. */
    double committedAhead() {
      if (result != null || status.ended()) {
        return 0;
      }
      double reserve = price * stopReserve.toMillis() / 3_600_000.0;
      if (stopReason != null) {
        return reserve;
      }
      double ahead = status.remainingUsd(plannedSecondsPerStep);
      if (status.step() == 0) {
        // Before the first step the setup (boot, model download) is still ahead too.
        ahead = Math.max(ahead, projection(arm, price) - status.costUsd());
      }
      return Math.max(reserve, ahead);
    }

    ArmObservation seen() {
      return ArmObservation.builder()
          .arm(arm)
          .dir(armDir)
          .samples(samples)
          .loss(loss)
          .checkpoints(checkpoints)
          .redFlags(redFlags)
          .build();
    }
  }

  private final List<Live> started = new ArrayList<>();
  private final Map<String, String> notStarted = new LinkedHashMap<>();
  private final Map<Integer, List<RungScore>> atRung = new TreeMap<>();

  private SweepRunner(Builder b) {
    this.backend = b.backend;
    this.plan = b.plan;
    this.dir = b.dir;
    this.name = b.name != null ? b.name : plan.base().name();
    this.scorer = b.scorer;
    this.rungs = List.copyOf(b.rungs);
    this.pollInterval = b.pollInterval;
    this.stopReserve = b.stopReserve;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.listener = b.listener;
  }

  public static Builder builder(TrainerBackend backend, SweepPlan plan, Path dir) {
    return new Builder(backend, plan, dir);
  }

  /** The spend an arm's result counts for: the larger of the estimate and the billed amount. */
  static double spend(ArmResult r) {
    return Math.max(r.costUsd(), r.billedUsd().orElse(0));
  }

  /** An arm's projected cost on this backend: its price times its planned hours. */
  static double projection(SweepArm arm, double usdPerHour) {
    return usdPerHour * arm.projectedHours();
  }

  /**
   * Runs every arm that the rules and the cap allow, to its end or its stop, and returns when every
   * started trainer has ended.
   *
   * @throws InterruptedException when the calling thread is interrupted; the running arms are asked
   *     to stop (they save first) before it is thrown
   */
  public SweepResult run() throws InterruptedException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Deque<SweepArm> queue = new ArrayDeque<>();
    for (SweepArm arm : plan.arms()) {
      if (arm.runnable()) {
        queue.add(arm);
      } else {
        notStarted.put(
            arm.name(),
            "the rules refuse it: "
                + arm.report().errors().stream()
                    .map(Violation::ruleId)
                    .distinct()
                    .collect(Collectors.joining(", ")));
      }
    }
    try {
      while (true) {
        observe();
        rungs();
        budget();
        start(queue);
        boolean running = started.stream().anyMatch(l -> l.result == null);
        if (!running) {
          for (SweepArm arm : queue) {
            String why =
                String.format(
                    Locale.ROOT,
                    "its projection $%.2f does not fit under the cap $%.2f after $%.2f spent",
                    projection(arm, backend.usdPerHour(arm)),
                    plan.maxCostUsd(),
                    committed());
            notStarted.put(arm.name(), why);
            emit(new SweepEvent.Skipped(clock.instant(), arm.name(), why));
          }
          queue.clear();
          break;
        }
        sleeper.sleep(pollInterval);
      }
    } catch (InterruptedException e) {
      for (Live l : started) {
        if (l.result == null) {
          l.trainer.stop("sweep interrupted");
        }
      }
      throw e;
    }
    return result();
  }

  /** Status first, then the events: every event before that status is in the inbox. */
  private void observe() {
    for (Live l : started) {
      if (l.result != null) {
        continue;
      }
      l.status = l.trainer.status();
      ArmEvent e;
      while ((e = l.inbox.poll()) != null) {
        take(l, e);
      }
      if (l.status.ended() && l.result == null) {
        Optional<ArmResult> r;
        try {
          r = l.trainer.await(Duration.ZERO);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          r = Optional.empty();
        }
        r.ifPresent(res -> l.result = res);
      }
    }
  }

  private void take(Live l, ArmEvent e) {
    emit(new SweepEvent.Arm(e.at(), e));
    if (e instanceof ArmEvent.Sample s) {
      l.samples.add(s);
    } else if (e instanceof ArmEvent.Loss p) {
      l.loss.add(p);
    } else if (e instanceof ArmEvent.Checkpoint c) {
      l.checkpoints.add(c);
    } else if (e instanceof ArmEvent.RedFlag f) {
      l.redFlags.add(f.violation());
    } else if (e instanceof ArmEvent.Ended end) {
      l.result = end.result();
    }
  }

  private int rungStep(Live l, int rung) {
    return Math.max(1, (int) Math.round(rungs.get(rung - 1) * l.totalSteps()));
  }

  /** Scores every arm at each rung it reached, then stops the running arms of the worse half. */
  private void rungs() {
    for (int r = 1; r <= rungs.size(); r++) {
      boolean changed = false;
      for (Live l : started) {
        if (l.scores.containsKey(r) || (l.stopReason != null && l.stoppedAtRung < r)) {
          continue;
        }
        if (l.totalSteps() <= 0 || l.step() < rungStep(l, r)) {
          continue;
        }
        RungScore s = score(l, r, rungStep(l, r));
        l.scores.put(r, s);
        atRung.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
        emit(new SweepEvent.Scored(clock.instant(), s));
        changed = true;
      }
      if (!changed) {
        continue;
      }
      List<RungScore> ranked = new ArrayList<>(atRung.get(r));
      ranked.sort(RungScore.BETTER_FIRST);
      int keep = (ranked.size() + 1) / 2;
      for (int i = keep; i < ranked.size(); i++) {
        RungScore s = ranked.get(i);
        Live l = live(s.arm());
        if (l.result == null && l.stopReason == null) {
          stop(
              l,
              r,
              String.format(
                  Locale.ROOT,
                  "rung %d at step %d: ranked %d of %d (%s)",
                  r,
                  s.step(),
                  i + 1,
                  ranked.size(),
                  describe(s)));
        }
      }
    }
  }

  private RungScore score(Live l, int rung, int step) {
    try {
      return scorer.score(l.seen(), rung, step);
    } catch (RuntimeException e) {
      // A scorer that fails on an arm's files scores it by loss and red flags alone.
      return ArmScorer.lossOnly(l.seen(), rung, step, "scorer failed: " + e.getMessage()).build();
    }
  }

  static String describe(RungScore s) {
    List<String> parts = new ArrayList<>();
    s.identity().ifPresent(v -> parts.add(String.format(Locale.ROOT, "identity %.3f", v)));
    s.loss().ifPresent(v -> parts.add(String.format(Locale.ROOT, "%s %.4f", s.lossKey(), v)));
    parts.add(s.redFlags() + " red flag(s)");
    return String.join(", ", parts);
  }

  private Live live(String arm) {
    return started.stream().filter(l -> l.arm.name().equals(arm)).findFirst().orElseThrow();
  }

  private void stop(Live l, int rung, String reason) {
    l.stopReason = reason;
    l.stoppedAtRung = rung;
    emit(new SweepEvent.Stopping(clock.instant(), l.arm.name(), reason));
    l.trainer.stop(reason);
  }

  /** Spend so far plus what the running arms have ahead. */
  private double committed() {
    double sum = 0;
    for (Live l : started) {
      sum += l.spent() + l.committedAhead();
    }
    return sum;
  }

  /** Stops the worst running arms until the commitment fits under the cap. */
  private void budget() {
    while (committed() > plan.maxCostUsd()) {
      Optional<Live> worst =
          started.stream()
              .filter(l -> l.result == null && l.stopReason == null && !l.status.ended())
              .max(worstLast());
      if (worst.isEmpty()) {
        return;
      }
      stop(
          worst.get(),
          0,
          String.format(
              Locale.ROOT,
              "budget: $%.2f committed would exceed the cap $%.2f",
              committed(),
              plan.maxCostUsd()));
    }
  }

  /**
   * Orders running arms so that the worst comes last: arms without a rung score are the worst
   * (least sunk, most ahead; the one with the most ahead last), scored arms by their newest score.
   */
  private Comparator<Live> worstLast() {
    return Comparator.comparing((Live l) -> l.scores.isEmpty())
        .thenComparing(
            (a, b) -> {
              if (a.scores.isEmpty() || b.scores.isEmpty()) {
                return Double.compare(a.committedAhead(), b.committedAhead());
              }
              int rung = Math.min(lastKey(a.scores), lastKey(b.scores));
              return RungScore.BETTER_FIRST.compare(a.scores.get(rung), b.scores.get(rung));
            });
  }

  private static int lastKey(Map<Integer, RungScore> scores) {
    return ((TreeMap<Integer, RungScore>) scores).lastKey();
  }

  private void start(Deque<SweepArm> queue) {
    Iterator<SweepArm> it = queue.iterator();
    while (it.hasNext()) {
      long running = started.stream().filter(l -> l.result == null).count();
      if (running >= plan.parallel()) {
        return;
      }
      SweepArm arm = it.next();
      double price = backend.usdPerHour(arm);
      double projected = projection(arm, price);
      double committed = committed();
      if (committed + projected > plan.maxCostUsd()) {
        continue;
      }
      it.remove();
      Path armDir = dir.resolve(arm.name());
      started.add(new Live(arm, armDir, price));
      emit(new SweepEvent.Started(clock.instant(), arm.name(), projected, committed + projected));
    }
  }

  private SweepResult result() {
    List<SweepResult.Arm> arms = new ArrayList<>();
    for (SweepArm arm : plan.arms()) {
      Optional<Live> l = started.stream().filter(x -> x.arm.name().equals(arm.name())).findFirst();
      ImmutableArm.Builder a = SweepResult.Arm.builder().name(arm.name()).changes(arm.changes());
      if (l.isEmpty()) {
        a.notStarted(notStarted.getOrDefault(arm.name(), "not started")).rungsSurvived(0);
      } else {
        Live x = l.get();
        a.result(x.result);
        a.rungScores(x.scores.values());
        a.finalScore(score(x, 0, x.step()));
        int survived = x.stoppedAtRung > 0 ? x.stoppedAtRung - 1 : x.scores.size();
        a.rungsSurvived(survived);
      }
      arms.add(a.build());
    }
    return SweepResult.builder()
        .name(name)
        .backend(backend.name())
        .maxCostUsd(plan.maxCostUsd())
        .rungs(rungs)
        .scoredBy(scorer.basis())
        .arms(arms)
        .liveTrainers(backend.liveTrainers(name))
        .build();
  }

  private void emit(SweepEvent e) {
    try {
      listener.accept(e);
    } catch (RuntimeException ex) {
      System.getLogger(SweepRunner.class.getName())
          .log(System.Logger.Level.WARNING, "sweep listener failed: " + ex.getMessage());
    }
  }

  /** Settings of a {@link SweepRunner}. */
  public static final class Builder {
    private final TrainerBackend backend;
    private final SweepPlan plan;
    private final Path dir;
    private String name;
    private ArmScorer scorer = ArmScorer.lossAndRedFlags();
    private List<Double> rungs = DEFAULT_RUNGS;
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration stopReserve = Duration.ofMinutes(10);
    private Sleeper sleeper = d -> Thread.sleep(Math.max(0, d.toMillis()));
    private Clock clock = Clock.systemUTC();
    private Consumer<SweepEvent> listener = e -> {};

    private Builder(TrainerBackend backend, SweepPlan plan, Path dir) {
      this.backend = Objects.requireNonNull(backend, "backend");
      this.plan = Objects.requireNonNull(plan, "plan");
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The sweep's name, the prefix of its trainers (default: the project's name). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder scorer(ArmScorer scorer) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
      return this;
    }

    /**
     * The rungs as fractions of each arm's steps, ascending in (0, 1); none turns halving off.
     *
     * @throws IllegalArgumentException for a fraction outside (0, 1) or out of order
     */
    public Builder rungs(List<Double> fractions) {
      double last = 0;
      for (double f : fractions) {
        if (!(f > last) || !(f < 1)) {
          throw new IllegalArgumentException(
              "rungs must be ascending fractions in (0, 1): " + fractions);
        }
        last = f;
      }
      this.rungs = List.copyOf(fractions);
      return this;
    }

    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("poll interval must be positive: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * The time a stop costs (save_now, downloads, release), kept in reserve at each running arm's
     * price; default 10 minutes.
     */
    public Builder stopReserve(Duration reserve) {
      this.stopReserve = Objects.requireNonNull(reserve, "reserve");
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

    /** Receives every decision and every arm event, on the runner's thread, in order. */
    public Builder listener(Consumer<SweepEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SweepRunner build() {
      return new SweepRunner(this);
    }
  }
}
