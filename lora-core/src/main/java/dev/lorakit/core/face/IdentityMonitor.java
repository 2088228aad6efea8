package dev.lorakit.core.face;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a live training run calls after scoring each new checkpoint's samples: it answers whether to
 * stop now, because identity has stopped improving or the samples began to copy a training image.
 * ai-toolkit has no early stopping of its own (landscape-2026.md §1.3); a run stops it with {@code
 * save_now} then {@code stop}.
 *
 * <pre>{@code
 * IdentityMonitor monitor = IdentityMonitor.create(IdentityMonitor.Policy.defaults());
 * Optional<IdentityMonitor.Stop> stop = monitor.observe(scoreOfCheckpoint);
 * stop.ifPresent(s -> run.stop(s.reason()));
 * }</pre>
 *
 * <p>Not thread-safe; one per run.
 */
public final class IdentityMonitor {
  private final Policy policy;
  private final List<CheckpointIdentity> seen = new ArrayList<>();

  /**
   * When to stop. {@code patience} checkpoints in a row without an identity gain of at least {@code
   * minGain} over the best so far is a plateau; a copycat at or above {@code copyThreshold} is
   * copying.
   */
  public record Policy(int patience, double minGain, double copyThreshold) {
    public Policy {
      if (patience < 1) {
        throw new IllegalArgumentException("patience must be at least 1: " + patience);
      }
    }

    /**
     * Two checkpoints without a 0.01 gain, copycat 0.85. These are lorakit's starting values, not
     * measured optima: the guide saves one checkpoint per epoch and calls epochs 5-7 usually best.
     */
    public static Policy defaults() {
      return new Policy(2, 0.01, CheckpointRanking.DEFAULT_COPY_THRESHOLD);
    }
  }

  /** Why and at which step to stop; {@code bestStep} is the checkpoint to keep. */
  public record Stop(long step, long bestStep, String reason) {}

  private IdentityMonitor(Policy policy) {
    this.policy = policy;
  }

  public static IdentityMonitor create(Policy policy) {
    return new IdentityMonitor(java.util.Objects.requireNonNull(policy, "policy"));
  }

  /** Every checkpoint observed so far, in order. */
  public List<CheckpointIdentity> observed() {
    return List.copyOf(seen);
  }

  /** Records one checkpoint's score; present when the run should stop. */
  public Optional<Stop> observe(CheckpointIdentity score) {
    seen.add(score);
    CheckpointIdentity best = null;
    for (CheckpointIdentity s : seen) {
      if (s.faces() > 0
          && s.copycat() < policy.copyThreshold()
          && (best == null || s.identity() > best.identity())) {
        best = s;
      }
    }
    long bestStep = best == null ? score.step() : best.step();
    if (score.faces() > 0 && score.copycat() >= policy.copyThreshold()) {
      return Optional.of(
          new Stop(
              score.step(),
              bestStep,
              String.format(
                  Locale.ROOT,
                  "samples at step %d copy a training face (copycat %.3f >= %.2f)",
                  score.step(),
                  score.copycat(),
                  policy.copyThreshold())));
    }
    if (seen.size() <= policy.patience()) {
      return Optional.empty();
    }
    double before = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < seen.size() - policy.patience(); i++) {
      before = Math.max(before, seen.get(i).identity());
    }
    double recent = Double.NEGATIVE_INFINITY;
    for (int i = seen.size() - policy.patience(); i < seen.size(); i++) {
      recent = Math.max(recent, seen.get(i).identity());
    }
    if (recent < before + policy.minGain()) {
      return Optional.of(
          new Stop(
              score.step(),
              bestStep,
              String.format(
                  Locale.ROOT,
                  "identity plateaued: best %.3f of the last %d checkpoints is not %.2f above the"
                      + " earlier best %.3f",
                  recent,
                  policy.patience(),
                  policy.minGain(),
                  before)));
    }
    return Optional.empty();
  }
}
