package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A live port mapping (schema {@code PodRuntimePort}; wire names {@code private}/{@code public}).
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePodRuntimePort.class)
@JsonDeserialize(as = ImmutablePodRuntimePort.class)
public abstract class PodRuntimePort {
  @JsonProperty("private")
  public abstract Optional<Integer> privatePort();

  @JsonProperty("public")
  public abstract Optional<Integer> publicPort();

  /** {@code http} or {@code tcp}. */
  public abstract Optional<String> type();

  public abstract Optional<String> ip();
}
