package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One event of the pod log stream ({@code GET /v2/pods/{id}/logs}): the SSE {@code data} payload
 * plus the event id, which resumes the stream as {@code Last-Event-ID}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePodLogEvent.class)
@JsonDeserialize(as = ImmutablePodLogEvent.class)
public abstract class PodLogEvent {
  /** The SSE event id (a timestamp cursor). */
  public abstract Optional<String> eventId();

  @Value.Default
  public LogSource source() {
    return LogSource.UNKNOWN;
  }

  @Value.Default
  public String line() {
    return "";
  }

  public abstract Optional<String> ts();
}
