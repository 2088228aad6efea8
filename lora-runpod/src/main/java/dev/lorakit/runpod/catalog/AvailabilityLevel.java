package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Catalog stock level (schema {@code AvailabilityLevel}). */
public enum AvailabilityLevel {
  NONE,
  LOW,
  MEDIUM,
  HIGH,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
