package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Storage mounts of a pod (schema {@code Mounts}): at most one of a persistent mount or one network
 * volume.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableMounts.class)
@JsonDeserialize(as = ImmutableMounts.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class Mounts {
  public abstract Optional<PersistentMount> persistent();

  public abstract List<NetworkMount> network();

  public static Mounts persistent(int sizeGb, String path) {
    return ImmutableMounts.builder().persistent(PersistentMount.of(sizeGb, path)).build();
  }

  public static Mounts network(String volumeId, String path) {
    return ImmutableMounts.builder().addNetwork(NetworkMount.of(volumeId, path)).build();
  }

  public static Mounts none() {
    return ImmutableMounts.builder().build();
  }
}
