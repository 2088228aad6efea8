package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Source of a pod log line (schema {@code LogSource}). */
public enum LogSource {
  @JsonProperty("container")
  CONTAINER,
  @JsonProperty("system")
  SYSTEM,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN;

  public String wireValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
