package dev.lorakit.core.validation;

/** How bad a violation is. An ERROR fails {@code lorakit check} with exit code 1. */
public enum Severity {
  /** The run will fail, waste the GPU time, or train something other than what was meant. */
  ERROR,
  /** Works, but against the guide's advice or the trainer's known behaviour. */
  WARNING,
  /** Worth knowing; nothing to fix. */
  INFO
}
