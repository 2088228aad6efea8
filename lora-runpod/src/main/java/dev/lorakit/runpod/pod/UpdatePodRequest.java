package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Body of {@code PATCH /v2/pods/{id}} (schema {@code UpdatePodRequest}). Only present fields are
 * sent; an explicitly empty list (e.g. {@code ports([])}) is sent and clears the field.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableUpdatePodRequest.class)
@JsonDeserialize(as = ImmutableUpdatePodRequest.class)
public abstract class UpdatePodRequest {
  public abstract Optional<String> name();

  public abstract Optional<String> image();

  public abstract Optional<String> args();

  public abstract Optional<Integer> disk();

  public abstract Optional<List<String>> ports();

  /** Replaces the pod's environment; never appears in {@code toString}. */
  @Value.Redacted
  public abstract Optional<Map<String, String>> env();

  public abstract Optional<String> registry();

  public abstract Optional<Mounts> mounts();

  public abstract Optional<Boolean> locked();

  public abstract Optional<Boolean> globalNetworking();

  public abstract Optional<String> templateId();

  public static ImmutableUpdatePodRequest.Builder builder() {
    return ImmutableUpdatePodRequest.builder();
  }
}
