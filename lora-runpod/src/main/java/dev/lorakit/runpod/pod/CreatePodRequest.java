package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Body of {@code POST /v2/pods} (schema {@code CreatePodRequest}). Empty lists and absent values
 * are left out of the JSON, so a template's settings are not overridden by accident.
 *
 * <pre>{@code
 * CreatePodRequest request = CreatePodRequest.builder()
 *     .name("lorakit-mychar-7f3a")
 *     .image("ostris/aitoolkit:0.12.26")
 *     .gpu(CreateGpuConfig.of("NVIDIA L40S"))
 *     .addPorts("8675/http")
 *     .putEnv("AI_TOOLKIT_AUTH", token)
 *     .disk(100)
 *     .build();
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCreatePodRequest.class)
@JsonDeserialize(as = ImmutableCreatePodRequest.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class CreatePodRequest {
  /** Pod name; lorakit uses a unique one as the idempotency key of the create. */
  public abstract String name();

  /** Docker image; required unless {@link #templateId()} is set. */
  public abstract Optional<String> image();

  public abstract Optional<String> args();

  /** Container disk in GB (wiped on restart). */
  public abstract Optional<Integer> disk();

  /** Exposed ports as {@code port/protocol}, e.g. {@code 8675/http}. */
  public abstract List<String> ports();

  /** Environment; may hold secrets, so it never appears in {@code toString}. */
  @Value.Redacted
  public abstract Map<String, String> env();

  /** Registry credential id for private images. */
  public abstract Optional<String> registry();

  public abstract Optional<Cloud> cloud();

  public abstract Optional<CreateGpuConfig> gpu();

  public abstract Optional<CreateCpuConfig> cpu();

  /** Preferred data centres; empty lets the scheduler choose. */
  public abstract List<String> dataCenterIds();

  public abstract Optional<Mounts> mounts();

  public abstract Optional<Boolean> globalNetworking();

  public abstract Optional<Boolean> startSsh();

  public abstract Optional<Boolean> startJupyter();

  public abstract Optional<String> templateId();

  @Value.Check
  protected void check() {
    if (name().isEmpty()) {
      throw new IllegalStateException("name must not be empty");
    }
    if (image().isEmpty() && templateId().isEmpty()) {
      throw new IllegalStateException("image is required unless templateId is set");
    }
    if (gpu().isPresent() == cpu().isPresent()) {
      throw new IllegalStateException("exactly one of gpu or cpu must be set");
    }
  }

  public static ImmutableCreatePodRequest.Builder builder() {
    return ImmutableCreatePodRequest.builder();
  }
}
