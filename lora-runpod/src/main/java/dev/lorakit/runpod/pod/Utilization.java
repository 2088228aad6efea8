package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** A utilisation percentage, 0-100 (schema {@code Utilization}). */
@Value.Immutable
@JsonSerialize(as = ImmutableUtilization.class)
@JsonDeserialize(as = ImmutableUtilization.class)
public abstract class Utilization {
  public abstract Optional<Integer> util();
}
