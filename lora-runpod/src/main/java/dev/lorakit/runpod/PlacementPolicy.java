package dev.lorakit.runpod;

import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.runpod.catalog.AvailabilityLevel;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.pod.Cloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where {@link PodLauncher} tries to create a pod, in order. RunPod v2 places exactly one GPU type
 * per create and never falls back by itself, so the fallbacks live here.
 *
 * <pre>{@code
 * PlacementPolicy policy = PlacementPolicy.builder()
 *     .addGpuTypeIds("NVIDIA L40S", "NVIDIA RTX 6000 Ada Generation")
 *     .addClouds(Cloud.SECURE, Cloud.COMMUNITY)
 *     .maxPricePerGpuHour(1.20)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class PlacementPolicy {
  /** GPU type ids in order of preference; the guide's L40S when none is given. */
  @Value.Default
  public List<String> gpuTypeIds() {
    return List.of("NVIDIA L40S");
  }

  @Value.Default
  public List<Cloud> clouds() {
    return List.of(Cloud.SECURE);
  }

  /** Data centres to try one by one; empty lets the scheduler choose. */
  public abstract List<String> dataCenterIds();

  @Value.Default
  public PlacementOrder order() {
    return PlacementOrder.GPU_FIRST;
  }

  /** Candidates whose live list price is above this are skipped. */
  public abstract Optional<Double> maxPricePerGpuHour();

  /** Read the catalog first and skip types the cloud does not offer or has no stock of. */
  @Value.Default
  public boolean useCatalog() {
    return true;
  }

  @Value.Check
  protected void check() {
    if (gpuTypeIds().isEmpty() || clouds().isEmpty()) {
      throw new IllegalStateException("at least one GPU type and one cloud are required");
    }
  }

  /**
   * The candidates in order. {@code catalog} maps a cloud to the catalog entries read for it;
   * missing entries (catalog not read, or type unknown to it) keep the candidate without a price.
   */
  public List<PlacementCandidate> candidates(Map<Cloud, Map<String, GpuType>> catalog) {
    List<PlacementCandidate> out = new ArrayList<>();
    List<Optional<String>> dcs = new ArrayList<>();
    if (dataCenterIds().isEmpty()) {
      dcs.add(Optional.empty());
    } else {
      dataCenterIds().forEach(d -> dcs.add(Optional.of(d)));
    }
    if (order() == PlacementOrder.GPU_FIRST) {
      for (String gpu : gpuTypeIds()) {
        for (Cloud cloud : clouds()) {
          for (Optional<String> dc : dcs) {
            candidate(gpu, cloud, dc, catalog).ifPresent(out::add);
          }
        }
      }
    } else {
      for (Cloud cloud : clouds()) {
        for (String gpu : gpuTypeIds()) {
          for (Optional<String> dc : dcs) {
            candidate(gpu, cloud, dc, catalog).ifPresent(out::add);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private Optional<PlacementCandidate> candidate(
      String gpu, Cloud cloud, Optional<String> dc, Map<Cloud, Map<String, GpuType>> catalog) {
    ImmutablePlacementCandidate.Builder b =
        PlacementCandidate.builder().gpuTypeId(gpu).cloud(cloud).dataCenterId(dc);
    GpuType type = catalog.getOrDefault(cloud, Map.of()).get(gpu);
    if (type == null) {
      return Optional.of(b.build());
    }
    if (!type.offeredOn(cloud) || type.availability().orElse(null) == AvailabilityLevel.NONE) {
      return Optional.empty();
    }
    if (dc.isPresent() && !type.dataCenters().isEmpty()) {
      boolean inDc =
          type.dataCenters().stream()
              .anyMatch(d -> d.id().equals(dc.get()) && d.availability() != AvailabilityLevel.NONE);
      if (!inDc) {
        return Optional.empty();
      }
    }
    double price = type.pricePerGpuHour(cloud);
    if (price > 0) {
      if (maxPricePerGpuHour().isPresent() && price > maxPricePerGpuHour().get()) {
        return Optional.empty();
      }
      b.pricePerGpuHour(price);
    }
    return Optional.of(b.build());
  }

  public static ImmutablePlacementPolicy.Builder builder() {
    return ImmutablePlacementPolicy.builder();
  }

  /** The project's GPU first, then the given fallbacks, on secure cloud. */
  public static PlacementPolicy from(HardwareTarget target, String... fallbackGpuTypeIds) {
    List<String> gpus = new ArrayList<>();
    gpus.add(target.gpuType());
    for (String f : fallbackGpuTypeIds) {
      if (!gpus.contains(f)) {
        gpus.add(f);
      }
    }
    return builder().gpuTypeIds(gpus).build();
  }
}
