package dev.lorakit.runpod.volume;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** A network volume (schema {@code NetworkVolume}). */
@Value.Immutable
@JsonSerialize(as = ImmutableNetworkVolume.class)
@JsonDeserialize(as = ImmutableNetworkVolume.class)
public abstract class NetworkVolume {
  public abstract String id();

  public abstract String name();

  /** Size in GB. */
  public abstract int size();

  /** Data centre id, e.g. {@code EU-RO-1}. */
  public abstract String dataCenter();

  @Value.Default
  public VolumeType type() {
    return VolumeType.UNKNOWN;
  }
}
