package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lorakit.runpod.pod.Cloud;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A GPU type of the catalog (schema {@code GpuType}).
 *
 * <pre>{@code
 * GpuType l40s = client.getGpuType("NVIDIA L40S", GpuTypeQuery.podAvailability());
 * double usdPerHour = l40s.pricePerGpuHour(Cloud.SECURE);
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGpuType.class)
@JsonDeserialize(as = ImmutableGpuType.class)
public abstract class GpuType {
  /** Id for pod creation, e.g. {@code NVIDIA L40S}. */
  public abstract String id();

  /** Display name, e.g. {@code L40S}. */
  @Value.Default
  public String name() {
    return id();
  }

  /** Serverless pool id, e.g. {@code ADA_48_PRO}. */
  public abstract Optional<String> pool();

  @Value.Default
  public GpuManufacturer manufacturer() {
    return GpuManufacturer.UNKNOWN;
  }

  /** VRAM in GB. */
  @Value.Default
  public int memory() {
    return 0;
  }

  @Value.Default
  public boolean secure() {
    return false;
  }

  @Value.Default
  public boolean community() {
    return false;
  }

  public abstract Optional<GpuPrice> price();

  public abstract Optional<GpuMaxCount> maxCount();

  /** Overall stock; present only when requested with availability. */
  public abstract Optional<AvailabilityLevel> availability();

  public abstract List<DataCenterAvailability> dataCenters();

  public abstract List<CudaVersionAvailability> cudaVersions();

  /** List price of one GPU-hour on the given cloud, or 0 when the catalog gave none. */
  public double pricePerGpuHour(Cloud cloud) {
    return price().map(p -> cloud == Cloud.COMMUNITY ? p.community() : p.secure()).orElse(0.0);
  }

  /** Whether the type is offered on the given cloud at all. */
  public boolean offeredOn(Cloud cloud) {
    return cloud == Cloud.COMMUNITY ? community() : secure();
  }
}
