package dev.lorakit.runpod.volume;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Body of {@code POST /v2/network-volumes} (schema {@code CreateNetworkVolumeRequest}).
 *
 * <pre>{@code
 * client.createNetworkVolume(CreateNetworkVolumeRequest.of("datasets", 50, "EU-RO-1"));
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCreateNetworkVolumeRequest.class)
@JsonDeserialize(as = ImmutableCreateNetworkVolumeRequest.class)
public abstract class CreateNetworkVolumeRequest {
  public abstract String name();

  /** Size in GB, 10..4096. */
  public abstract int size();

  public abstract String dataCenter();

  public abstract Optional<VolumeType> type();

  public static ImmutableCreateNetworkVolumeRequest.Builder builder() {
    return ImmutableCreateNetworkVolumeRequest.builder();
  }

  public static CreateNetworkVolumeRequest of(String name, int sizeGb, String dataCenter) {
    return builder().name(name).size(sizeGb).dataCenter(dataCenter).build();
  }
}
