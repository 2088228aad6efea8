package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** A network volume attached to a pod (schema {@code NetworkMount}). */
@Value.Immutable
@JsonSerialize(as = ImmutableNetworkMount.class)
@JsonDeserialize(as = ImmutableNetworkMount.class)
public abstract class NetworkMount {
  public abstract String volumeId();

  public abstract String path();

  public static NetworkMount of(String volumeId, String path) {
    return ImmutableNetworkMount.builder().volumeId(volumeId).path(path).build();
  }
}
