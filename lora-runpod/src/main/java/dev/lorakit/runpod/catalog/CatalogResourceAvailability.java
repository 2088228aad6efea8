package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** Stock of one GPU or CPU type in a data centre (schema {@code CatalogResourceAvailability}). */
@Value.Immutable
@JsonSerialize(as = ImmutableCatalogResourceAvailability.class)
@JsonDeserialize(as = ImmutableCatalogResourceAvailability.class)
public abstract class CatalogResourceAvailability {
  public abstract String id();

  @Value.Default
  public String name() {
    return id();
  }

  @Value.Default
  public AvailabilityLevel availability() {
    return AvailabilityLevel.UNKNOWN;
  }
}
