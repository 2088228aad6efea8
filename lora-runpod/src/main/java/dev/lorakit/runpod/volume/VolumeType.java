package dev.lorakit.runpod.volume;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Storage tier of a network volume (schema {@code VolumeType}). */
public enum VolumeType {
  STANDARD,
  HIGH_PERFORMANCE,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
