package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Lifecycle status of a pod (schema {@code PodStatus}). */
public enum PodStatus {
  PROVISIONING,
  STARTING,
  RUNNING,
  EXITED,
  ERROR,
  TERMINATED,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
