package dev.lorakit.runpod.training;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A training run as a stream of its immutable {@link RunEvent}s, for SDK users who would rather
 * pull than register a listener. The run executes on a thread of its own; the stream yields each
 * event as it happens and ends after {@link RunEvent.Finished}. Closing the stream before that
 * cancels the run (it saves now, downloads, terminates the pod) and waits for it to end, so a
 * try-with-resources block never leaves a pod behind.
 *
 * <pre>{@code
 * try (Stream<RunEvent> events = RunEvents.stream(TrainingRun.builder(client, spec))) {
 *   events.filter(e -> e instanceof RunEvent.Progress)
 *       .map(e -> (RunEvent.Progress) e)
 *       .takeWhile(p -> p.costUsd() < 5.0)   // leaving early cancels the run on close
 *       .forEach(p -> System.out.println(p.step() + "/" + p.total()));
 * }
 * }</pre>
 *
 * <p>The builder's own listener is replaced. A config the UI cannot run is thrown from the stream's
 * first element as {@link IllegalArgumentException}, before anything is rented, as {@link
 * TrainingRun#execute()} throws it.
 */
public final class RunEvents {
  private RunEvents() {}

  /** Starts the run built by {@code builder} and returns its events. */
  public static Stream<RunEvent> stream(TrainingRun.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    TrainingRun run = builder.listener(queue::add).build();
    Thread thread =
        new Thread(
            () -> {
              try {
                run.execute();
              } catch (RuntimeException | Error e) {
                queue.add(new Failure(e));
              }
            },
            "lorakit-run-events");
    thread.start();
    Pull pull = new Pull(queue);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                pull, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
            false)
        .onClose(
            () -> {
              if (!pull.ended) {
                run.cancel();
              }
              try {
                thread.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  /** What the run thread threw; rethrown to the consumer. */
  private static final class Failure {
    final Throwable cause;

    Failure(Throwable cause) {
      this.cause = cause;
    }
  }

  private static final class Pull implements Iterator<RunEvent> {
    private final BlockingQueue<Object> queue;
    private RunEvent next;
    volatile boolean ended;

    Pull(BlockingQueue<Object> queue) {
      this.queue = queue;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the run's next event", e);
      }
      if (item instanceof Failure failure) {
        ended = true;
        if (failure.cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw (Error) failure.cause;
      }
      next = (RunEvent) item;
      if (next instanceof RunEvent.Finished) {
        ended = true;
      }
      return true;
    }

    @Override
    public RunEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RunEvent e = next;
      next = null;
      return e;
    }
  }
}
