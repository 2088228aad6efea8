package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** The GPU of a pod as reported by the API (schema {@code GpuConfig}). */
@Value.Immutable
@JsonSerialize(as = ImmutableGpuConfig.class)
@JsonDeserialize(as = ImmutableGpuConfig.class)
public abstract class GpuConfig {
  /** GPU type id, e.g. {@code NVIDIA L40S}. */
  public abstract String id();

  @Value.Default
  public int count() {
    return 1;
  }

  public static GpuConfig of(String id, int count) {
    return ImmutableGpuConfig.builder().id(id).count(count).build();
  }
}
