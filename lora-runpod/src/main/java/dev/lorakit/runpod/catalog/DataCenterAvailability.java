package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** Stock of a GPU type in one data centre (schema {@code DataCenterAvailability}). */
@Value.Immutable
@JsonSerialize(as = ImmutableDataCenterAvailability.class)
@JsonDeserialize(as = ImmutableDataCenterAvailability.class)
public abstract class DataCenterAvailability {
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
