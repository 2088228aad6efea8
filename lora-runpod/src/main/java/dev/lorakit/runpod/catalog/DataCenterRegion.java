package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Continental region of a data centre (schema {@code DataCenterRegion}). */
public enum DataCenterRegion {
  NORTH_AMERICA,
  SOUTH_AMERICA,
  EUROPE,
  ASIA,
  MIDDLE_EAST,
  AFRICA,
  OCEANIA,
  ANTARCTICA,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
