package dev.lorakit.runpod;

import java.time.Duration;

/** Waits; tests replace it to record waits instead of spending them. */
@FunctionalInterface
interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
