package dev.lorakit.runpod.template;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Console grouping of a template (schema {@code TemplateCategory}). */
public enum TemplateCategory {
  CPU,
  NVIDIA,
  AMD,
  /** A value this version of lorakit does not know. */
  @JsonEnumDefaultValue
  UNKNOWN
}
