package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The GPU request of a pod create (schema {@code CreateGpuConfig}).
 *
 * <pre>{@code
 * CreateGpuConfig gpu = CreateGpuConfig.builder().id("NVIDIA L40S").minCudaVersion("12.8").build();
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCreateGpuConfig.class)
@JsonDeserialize(as = ImmutableCreateGpuConfig.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class CreateGpuConfig {
  /** GPU type id exactly as the catalog lists it. */
  public abstract String id();

  @Value.Default
  public int count() {
    return 1;
  }

  /** Exact host CUDA versions ({@code major.minor}); empty means any. */
  public abstract List<String> allowedCudaVersions();

  /** Lowest host CUDA version ({@code major.minor}); excludes {@link #allowedCudaVersions()}. */
  public abstract Optional<String> minCudaVersion();

  public static ImmutableCreateGpuConfig.Builder builder() {
    return ImmutableCreateGpuConfig.builder();
  }

  public static CreateGpuConfig of(String id) {
    return builder().id(id).build();
  }
}
