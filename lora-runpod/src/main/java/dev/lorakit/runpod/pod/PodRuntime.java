package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** Live metrics of a running pod (schema {@code PodRuntime}). */
@Value.Immutable
@JsonSerialize(as = ImmutablePodRuntime.class)
@JsonDeserialize(as = ImmutablePodRuntime.class)
public abstract class PodRuntime {
  /** Seconds since the container started. */
  public abstract Optional<Long> uptime();

  public abstract List<PodGpuUtilization> gpus();

  public abstract Optional<Utilization> cpu();

  public abstract Optional<Utilization> memory();

  public abstract List<PodRuntimePort> ports();
}
