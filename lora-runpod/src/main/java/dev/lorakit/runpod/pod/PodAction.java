package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A state transition of a pod (schema {@code PodAction}); the wire values are lower case. */
public enum PodAction {
  @JsonProperty("start")
  START,
  @JsonProperty("stop")
  STOP,
  @JsonProperty("restart")
  RESTART,
  @JsonProperty("terminate")
  TERMINATE,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN;

  /** The value sent on the wire, e.g. {@code "stop"}. */
  public String wireValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
