package dev.lorakit.runpod;

import dev.lorakit.runpod.pod.Cloud;
import java.util.Optional;
import org.immutables.value.Value;

/** One place to try a pod create: GPU type, cloud and optionally one data centre. */
@Value.Immutable
public abstract class PlacementCandidate {
  public abstract String gpuTypeId();

  public abstract Cloud cloud();

  /** Absent lets the scheduler choose the data centre. */
  public abstract Optional<String> dataCenterId();

  /** Live list price per GPU-hour from the catalog, when it was read. */
  public abstract Optional<Double> pricePerGpuHour();

  @Override
  public String toString() {
    return gpuTypeId() + "/" + cloud() + dataCenterId().map(d -> "/" + d).orElse("");
  }

  public static ImmutablePlacementCandidate.Builder builder() {
    return ImmutablePlacementCandidate.builder();
  }

  public static PlacementCandidate of(String gpuTypeId, Cloud cloud) {
    return builder().gpuTypeId(gpuTypeId).cloud(cloud).build();
  }
}
