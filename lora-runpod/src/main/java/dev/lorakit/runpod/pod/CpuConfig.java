package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** The CPU of a CPU pod as reported (schema {@code CpuConfig}). */
@Value.Immutable
@JsonSerialize(as = ImmutableCpuConfig.class)
@JsonDeserialize(as = ImmutableCpuConfig.class)
public abstract class CpuConfig {
  public abstract String id();

  public abstract int vcpuCount();

  /** Memory in GB. */
  public abstract Optional<Integer> memory();
}
