package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** Largest GPU count of one pod, per cloud ({@code GpuType.maxCount}); a ceiling, not stock. */
@Value.Immutable
@JsonSerialize(as = ImmutableGpuMaxCount.class)
@JsonDeserialize(as = ImmutableGpuMaxCount.class)
public abstract class GpuMaxCount {
  public abstract int secure();

  public abstract int community();
}
