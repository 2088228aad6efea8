package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** Per-GPU utilisation of a running pod (schema {@code PodGpuUtilization}). */
@Value.Immutable
@JsonSerialize(as = ImmutablePodGpuUtilization.class)
@JsonDeserialize(as = ImmutablePodGpuUtilization.class)
public abstract class PodGpuUtilization {
  public abstract Optional<Integer> util();

  public abstract Optional<Integer> memoryUtil();
}
