package dev.lorakit.core.sweep;

import java.time.Instant;

/** What a {@link SweepRunner} decided or passed on, in order, for a live view. */
public sealed interface SweepEvent {
  /** When the runner decided or received it. */
  Instant at();

  /** An arm's trainer was started; {@code committedUsd} is the projection that allowed it. */
  record Started(Instant at, String arm, double projectedUsd, double committedUsd)
      implements SweepEvent {}

  /** An arm was not started: its projection does not fit under the cap. */
  record Skipped(Instant at, String arm, String reason) implements SweepEvent {}

  /** An arm was scored at a rung. */
  record Scored(Instant at, RungScore score) implements SweepEvent {}

  /** The runner asked an arm to stop (a rung, the budget); it saves first. */
  record Stopping(Instant at, String arm, String reason) implements SweepEvent {}

  /** A fact of an arm's life, as its backend reported it. */
  record Arm(Instant at, ArmEvent event) implements SweepEvent {}
}
