package dev.lorakit.core.sweep;

import dev.lorakit.core.validation.Violation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** A fact of one arm's life, as a backend reports it to the sweep. */
public sealed interface ArmEvent {
  /** The arm ({@code config.name}) the fact is about. */
  String arm();

  /** When the backend observed it. */
  Instant at();

  /** Step, total and spend so far. */
  record Progress(Instant at, String arm, ArmStatus status) implements ArmEvent {}

  /** One point of the trainer's loss log: {@code loss/loss}, {@code val/loss}, ... */
  record Loss(Instant at, String arm, String key, int step, OptionalDouble value)
      implements ArmEvent {}

  /** A checkpoint at home; {@code step} is empty for the final file. */
  record Checkpoint(Instant at, String arm, Path file, OptionalInt step) implements ArmEvent {}

  /** A trainer sample at home. */
  record Sample(Instant at, String arm, Path file, int step) implements ArmEvent {}

  /** A red flag of the run rules. */
  record RedFlag(Instant at, String arm, Violation violation) implements ArmEvent {
    public RedFlag {
      Objects.requireNonNull(violation, "violation");
    }
  }

  /** The arm ended. */
  record Ended(Instant at, String arm, ArmResult result) implements ArmEvent {}
}
