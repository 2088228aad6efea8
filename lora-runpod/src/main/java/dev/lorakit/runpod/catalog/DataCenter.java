package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/** A data centre of the catalog (schema {@code DataCenter}); enums kept as wire strings. */
@Value.Immutable
@JsonSerialize(as = ImmutableDataCenter.class)
@JsonDeserialize(as = ImmutableDataCenter.class)
public abstract class DataCenter {
  public abstract String id();

  @Value.Default
  public String name() {
    return id();
  }

  @Value.Default
  public DataCenterRegion region() {
    return DataCenterRegion.UNKNOWN;
  }

  @Value.Default
  public boolean globalNetwork() {
    return false;
  }

  /** {@code STANDARD} and/or {@code HIGH_PERFORMANCE}. */
  public abstract List<String> networkVolumeTypes();

  /** Certifications such as {@code GDPR}, {@code SOC_2_TYPE_2}. */
  public abstract List<String> compliance();

  public abstract List<CatalogResourceAvailability> gpuAvailability();

  public abstract List<CatalogResourceAvailability> cpuAvailability();
}
