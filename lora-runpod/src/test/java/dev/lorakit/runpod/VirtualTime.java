package dev.lorakit.runpod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual time shared by several threads, as a discrete-event simulation: a participant's {@code
 * sleep} blocks until every participant sleeps, then the clock jumps to the earliest wake time and
 * those sleepers run. Threads of {@link #threads()} take part from creation to their end; a test
 * thread takes part between {@link #join(boolean)} and {@link #leave()}. At equal wake times the
 * threads joined as {@code last} run after the others have gone back to sleep, so a sweep runner
 * sees every arm's poll of that instant. Deterministic as long as participants block only in {@code
 * sleep} or on work that ends without time passing (HTTP to in-process fakes).
 */
public final class VirtualTime extends Clock implements Sleeper {
  private final Object lock = new Object();
  private Instant now = Instant.parse("2026-12-01T09:00:00Z");
  private final Set<Thread> participants = new HashSet<>();
  private final Set<Thread> last = new HashSet<>();
  private final Map<Thread, Instant> sleeping = new HashMap<>();
  private final Set<Thread> released = new HashSet<>();

  /** The calling thread takes part; {@code last}: it runs after the others at equal times. */
  public void join(boolean runsLast) {
    synchronized (lock) {
      participants.add(Thread.currentThread());
      if (runsLast) {
        last.add(Thread.currentThread());
      }
    }
  }

  /** The calling thread no longer takes part. */
  public void leave() {
    synchronized (lock) {
      remove(Thread.currentThread());
    }
  }

  private void remove(Thread t) {
    participants.remove(t);
    last.remove(t);
    sleeping.remove(t);
    released.remove(t);
    schedule();
  }

  /** Threads that take part from their creation to their end. */
  public ThreadFactory threads() {
    return r -> {
      Thread[] self = new Thread[1];
      Thread t =
          new Thread(
              () -> {
                try {
                  r.run();
                } finally {
                  synchronized (lock) {
                    remove(self[0]);
                  }
                }
              },
              "virtual-time-participant");
      self[0] = t;
      t.setDaemon(true);
      synchronized (lock) {
        participants.add(t);
      }
      return t;
    };
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    Thread t = Thread.currentThread();
    synchronized (lock) {
      if (!participants.contains(t)) {
        // A thread outside the simulation (a shutdown hook): time moves for it alone.
        now = now.plus(d);
        return;
      }
      sleeping.put(t, now.plus(d));
      schedule();
      while (!released.remove(t)) {
        lock.wait();
      }
    }
  }

  /** When every participant sleeps, wakes the earliest ones (the "last" ones after the others). */
  private void schedule() {
    if (sleeping.isEmpty() || sleeping.size() < participants.size() || !released.isEmpty()) {
      return;
    }
    Instant min = sleeping.values().stream().min(Instant::compareTo).orElseThrow();
    Set<Thread> wake = new HashSet<>();
    sleeping.forEach(
        (t, at) -> {
          if (at.equals(min) && !last.contains(t)) {
            wake.add(t);
          }
        });
    if (wake.isEmpty()) {
      sleeping.forEach(
          (t, at) -> {
            if (at.equals(min)) {
              wake.add(t);
            }
          });
    }
    if (min.isAfter(now)) {
      now = min;
    }
    for (Thread t : wake) {
      sleeping.remove(t);
      released.add(t);
    }
    lock.notifyAll();
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
