package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** One way to reach a pod over SSH (schema {@code PodSshEndpoint}). */
@Value.Immutable
@JsonSerialize(as = ImmutablePodSshEndpoint.class)
@JsonDeserialize(as = ImmutablePodSshEndpoint.class)
public abstract class PodSshEndpoint {
  public abstract String host();

  public abstract int port();

  public abstract String username();

  public abstract String command();
}
