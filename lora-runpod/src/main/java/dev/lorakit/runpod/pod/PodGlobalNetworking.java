package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** Global networking state of a pod (schema {@code PodGlobalNetworking}). */
@Value.Immutable
@JsonSerialize(as = ImmutablePodGlobalNetworking.class)
@JsonDeserialize(as = ImmutablePodGlobalNetworking.class)
public abstract class PodGlobalNetworking {
  @Value.Default
  public boolean enabled() {
    return false;
  }

  public abstract Optional<String> ip();

  public abstract Optional<String> internalDns();
}
