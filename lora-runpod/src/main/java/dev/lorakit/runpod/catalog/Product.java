package dev.lorakit.runpod.catalog;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Availability product context (schema {@code Product}). */
public enum Product {
  POD,
  CLUSTER,
  SERVERLESS,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
