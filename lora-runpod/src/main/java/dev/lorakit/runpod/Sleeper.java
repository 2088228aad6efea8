package dev.lorakit.runpod;

import java.time.Duration;

/**
 * How lorakit waits between tries and polls. The default sleeps; a test or a simulation can pass
 * one that advances a virtual clock instead.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /**
   * {@link #sleep}; an interrupt restores the thread's flag and becomes a {@link RunpodException}.
   */
  default void pause(Duration duration) {
    try {
      sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunpodException("interrupted", e);
    }
  }

  /** {@link Thread#sleep}. */
  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
