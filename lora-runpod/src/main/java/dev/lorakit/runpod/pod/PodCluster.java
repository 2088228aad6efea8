package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** Cluster membership of a pod (schema {@code PodCluster}); role kept as the wire string. */
@Value.Immutable
@JsonSerialize(as = ImmutablePodCluster.class)
@JsonDeserialize(as = ImmutablePodCluster.class)
public abstract class PodCluster {
  public abstract String id();

  public abstract Optional<Integer> rank();

  /** {@code SLURM_CONTROLLER}, {@code SLURM_COMPUTE}, {@code RAY_HEAD} or {@code RAY_WORKER}. */
  public abstract Optional<String> role();

  public abstract Optional<String> ip();
}
