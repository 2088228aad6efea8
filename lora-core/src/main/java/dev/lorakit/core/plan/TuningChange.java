package dev.lorakit.core.plan;

import org.immutables.value.Value;

/** One parameter change the advisor made, and why. */
@Value.Immutable
public abstract class TuningChange {
  public abstract Symptom symptom();

  /** The trainer key changed, e.g. {@code network.linear}. */
  public abstract String path();

  public abstract String before();

  public abstract String after();

  public abstract String reason();

  @Override
  public String toString() {
    return path()
        + ": "
        + before()
        + " -> "
        + after()
        + " ("
        + symptom().id()
        + ": "
        + reason()
        + ")";
  }
}
