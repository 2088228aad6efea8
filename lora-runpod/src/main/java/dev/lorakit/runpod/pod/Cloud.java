package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** RunPod cloud tier (schema {@code Cloud}). */
public enum Cloud {
  SECURE,
  COMMUNITY,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
