package dev.lorakit.core.sweep;

import java.time.Duration;
import java.util.Optional;

/** One arm's trainer on a {@link TrainerBackend}: its state, a stop, and its end. */
public interface ArmTrainer {
  /** The arm this trainer trains. */
  SweepArm arm();

  /** What the backend knows now: step, total, spend, price. */
  ArmStatus status();

  /**
   * Asks the trainer to stop: the trainer saves now (ai-toolkit's {@code save_now}), that
   * checkpoint and the trainer's samples come home, then the job stops and the GPU is released.
   * Returns at once; {@link #await} returns when all of that is done. Idempotent.
   */
  void stop(String reason);

  /**
   * Waits up to {@code timeout} for the arm to end, its GPU released; empty on time-out.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  Optional<ArmResult> await(Duration timeout) throws InterruptedException;
}
