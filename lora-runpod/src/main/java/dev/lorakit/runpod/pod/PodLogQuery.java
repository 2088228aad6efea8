package dev.lorakit.runpod.pod;

import java.util.Optional;
import org.immutables.value.Value;

/** Parameters of {@code GET /v2/pods/{id}/logs}. */
@Value.Immutable
public abstract class PodLogQuery {
  /** Absent means both container and system logs. */
  public abstract Optional<LogSource> source();

  /** Lines of backfill, 0-5000 (server default 100). */
  public abstract Optional<Integer> tail();

  /** RFC 3339 timestamp to resume from. */
  public abstract Optional<String> since();

  /** SSE cursor; wins over {@code since} and {@code tail}. */
  public abstract Optional<String> lastEventId();

  @Value.Check
  protected void check() {
    tail()
        .ifPresent(
            t -> {
              if (t < 0 || t > 5000) {
                throw new IllegalStateException("tail must be 0..5000, was " + t);
              }
            });
  }

  public static ImmutablePodLogQuery.Builder builder() {
    return ImmutablePodLogQuery.builder();
  }

  public static PodLogQuery defaults() {
    return builder().build();
  }
}
