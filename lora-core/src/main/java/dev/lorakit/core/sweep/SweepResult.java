package dev.lorakit.core.sweep;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * How a sweep ended: every arm (started or not) with its result and its score per rung, the arms
 * ranked, the total spend against the cap, and the trainers the backend still lists (none after a
 * clean sweep).
 *
 * <pre>{@code
 * SweepResult r = SweepRunner.builder(backend, plan, dir).build().run();
 * r.ranking().get(0).name();   // the best arm
 * r.spentUsd() <= r.maxCostUsd();
 * r.liveTrainers();            // []
 * }</pre>
 */
@Value.Immutable
public abstract class SweepResult {
  /** One arm of the sweep. */
  @Value.Immutable
  public abstract static class Arm {
    public abstract String name();

    public abstract Map<String, String> changes();

    /** The trainer's result; empty when the arm never started. */
    public abstract Optional<ArmResult> result();

    /** Why the arm never started (rules, budget); empty when it started. */
    public abstract Optional<String> notStarted();

    /** Its score at each rung it reached, in rung order. */
    public abstract List<RungScore> rungScores();

    /** Its score at its end (rung 0), over everything at home. */
    public abstract Optional<RungScore> finalScore();

    /** How many rungs it passed without being stopped there. */
    public abstract int rungsSurvived();

    /** Spend on this arm: the larger of the estimate and the billed amount. */
    public double spentUsd() {
      return result().map(SweepRunner::spend).orElse(0.0);
    }

    public static ImmutableArm.Builder builder() {
      return ImmutableArm.builder();
    }
  }

  /**
   * The order of {@link #ranking()}: arms that survived more rungs first, then by their final score
   * ({@link RungScore#BETTER_FIRST}), then cheaper first.
   */
  public static final Comparator<Arm> RANKING =
      Comparator.comparingInt((Arm a) -> -a.rungsSurvived())
          .thenComparing(
              a -> a.finalScore().orElse(null), Comparator.nullsLast(RungScore.BETTER_FIRST))
          .thenComparingDouble(Arm::spentUsd)
          .thenComparing(Arm::name);

  /** The sweep's name: the prefix of its trainers' names. */
  public abstract String name();

  public abstract String backend();

  public abstract double maxCostUsd();

  /** The rung steps as fractions of each arm's steps. */
  public abstract List<Double> rungs();

  /** What the rung scores rest on ({@link ArmScorer#basis()}). */
  public abstract String scoredBy();

  /** Every arm of the plan, in plan order. */
  public abstract List<Arm> arms();

  /** Trainers with the sweep's prefix the backend still lists at the end. */
  public abstract List<String> liveTrainers();

  /** The started arms, best first ({@link #RANKING}). */
  @Value.Derived
  public List<Arm> ranking() {
    return arms().stream().filter(a -> a.result().isPresent()).sorted(RANKING).toList();
  }

  /** Total spend over all arms. */
  public double spentUsd() {
    return arms().stream().mapToDouble(Arm::spentUsd).sum();
  }

  /** What the backend's billing reported over all arms, when it answered for every started arm. */
  public OptionalDouble billedUsd() {
    double sum = 0;
    for (Arm a : arms()) {
      if (a.result().isEmpty()) {
        continue;
      }
      OptionalDouble b = a.result().get().billedUsd();
      if (b.isEmpty()) {
        return OptionalDouble.empty();
      }
      sum += b.getAsDouble();
    }
    return OptionalDouble.of(sum);
  }

  public boolean withinCap() {
    return spentUsd() <= maxCostUsd();
  }

  public static ImmutableSweepResult.Builder builder() {
    return ImmutableSweepResult.builder();
  }
}
