package dev.lorakit.core.validation;

import org.immutables.value.Value;

/** A 1-based line and column in a source file. */
@Value.Immutable
public abstract class SourceLocation {
  @Value.Parameter
  public abstract int line();

  @Value.Parameter
  public abstract int column();

  public static SourceLocation of(int line, int column) {
    return ImmutableSourceLocation.of(line, column);
  }

  @Override
  public String toString() {
    return line() + ":" + column();
  }
}
