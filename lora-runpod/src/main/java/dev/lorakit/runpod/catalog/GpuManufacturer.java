package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** GPU maker (schema {@code GpuManufacturer}). */
public enum GpuManufacturer {
  NVIDIA,
  AMD,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
