package dev.lorakit.core.sweep;

import java.util.OptionalDouble;
import org.immutables.value.Value;

/** What a backend knows about a running arm: step and total, spend so far and price per hour. */
@Value.Immutable
public abstract class ArmStatus {
  /** The trainer's step, 0 before the first one. */
  public abstract int step();

  /** The arm's total steps (its plan's). */
  public abstract int totalSteps();

  /** Spend so far on this arm, in USD (the trainer's price times its lifetime, or billed). */
  public abstract double costUsd();

  /** The arm's price per hour, in USD. */
  public abstract double usdPerHour();

  /** Measured seconds per step, once two observations saw the step advance. */
  public abstract OptionalDouble secondsPerStep();

  /** Whether the arm has ended (finished, stopped or failed) and its GPU is released. */
  public abstract boolean ended();

  /**
   * Spend still ahead if the arm runs to its last step: remaining steps times the measured (or
   * planned) seconds per step, times the price.
   */
  public double remainingUsd(double plannedSecondsPerStep) {
    if (ended()) {
      return 0;
    }
    double perStep = secondsPerStep().orElse(plannedSecondsPerStep);
    return Math.max(0, totalSteps() - step()) * perStep / 3600.0 * usdPerHour();
  }

  public static ImmutableArmStatus.Builder builder() {
    return ImmutableArmStatus.builder();
  }
}
