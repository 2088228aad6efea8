package dev.lorakit.runpod.volume;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** Body of {@code PATCH /v2/network-volumes/{id}}; the size may only grow. */
@Value.Immutable
@JsonSerialize(as = ImmutableUpdateNetworkVolumeRequest.class)
@JsonDeserialize(as = ImmutableUpdateNetworkVolumeRequest.class)
public abstract class UpdateNetworkVolumeRequest {
  public abstract Optional<String> name();

  public abstract Optional<Integer> size();

  @Value.Check
  protected void check() {
    if (name().isEmpty() && size().isEmpty()) {
      throw new IllegalStateException("at least one of name or size must be set");
    }
  }

  public static ImmutableUpdateNetworkVolumeRequest.Builder builder() {
    return ImmutableUpdateNetworkVolumeRequest.builder();
  }
}
