package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** The CPU request of a CPU pod create (schema {@code CreateCpuConfig}). */
@Value.Immutable
@JsonSerialize(as = ImmutableCreateCpuConfig.class)
@JsonDeserialize(as = ImmutableCreateCpuConfig.class)
public abstract class CreateCpuConfig {
  /** CPU flavor id, e.g. {@code cpu5c}. */
  public abstract String id();

  /** A power of two, at least 2. */
  public abstract int vcpuCount();

  public static CreateCpuConfig of(String id, int vcpuCount) {
    return ImmutableCreateCpuConfig.builder().id(id).vcpuCount(vcpuCount).build();
  }
}
