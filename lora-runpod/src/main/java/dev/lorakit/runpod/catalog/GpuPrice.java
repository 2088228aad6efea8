package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** List price in USD per GPU-hour, per cloud ({@code GpuType.price}). */
@Value.Immutable
@JsonSerialize(as = ImmutableGpuPrice.class)
@JsonDeserialize(as = ImmutableGpuPrice.class)
public abstract class GpuPrice {
  public abstract double secure();

  public abstract double community();

  public abstract Optional<Double> serverless();
}
