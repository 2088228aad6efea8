package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** A host CUDA version offered for a GPU type (schema {@code CudaVersionAvailability}). */
@Value.Immutable
@JsonSerialize(as = ImmutableCudaVersionAvailability.class)
@JsonDeserialize(as = ImmutableCudaVersionAvailability.class)
public abstract class CudaVersionAvailability {
  public abstract String version();

  public abstract boolean available();
}
