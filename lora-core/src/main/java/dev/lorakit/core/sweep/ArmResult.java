package dev.lorakit.core.sweep;

import dev.lorakit.core.validation.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/** How one arm ended: its checkpoints and samples at home, its red flags and its spend. */
@Value.Immutable
public abstract class ArmResult {
  /** How an arm ended. */
  public enum Ending {
    /** Trained to its last step. */
    COMPLETED,
    /** Stopped by the sweep (a rung, the budget) after saving. */
    STOPPED,
    /** The trainer failed; what was saved is kept. */
    FAILED
  }

  public abstract String armName();

  public abstract Ending ending();

  /** The last step the arm trained. */
  public abstract int lastStep();

  /** Checkpoints at home, size-verified, in the order they came. */
  public abstract List<Path> checkpoints();

  /** The trainer's samples at home; names carry the step. */
  public abstract List<Path> samples();

  public abstract List<Violation> redFlags();

  /** Spend on this arm, in USD (estimate). */
  public abstract double costUsd();

  /** What the backend's billing reported for this arm, when it answered. */
  public abstract OptionalDouble billedUsd();

  /** Whether the trainer (pod, Job) was released at the end. */
  public abstract boolean released();

  /** Why it ended, for the report ({@code "rung 1: identity 0.41 below the median 0.55"}). */
  public abstract String reason();

  public static ImmutableArmResult.Builder builder() {
    return ImmutableArmResult.builder();
  }
}
