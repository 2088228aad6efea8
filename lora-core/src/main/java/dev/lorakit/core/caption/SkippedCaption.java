package dev.lorakit.core.caption;

import org.immutables.value.Value;

/** A caption file an edit plan did not touch, and why (not UTF-8, changed since planning...). */
@Value.Immutable
public abstract class SkippedCaption {

  /** Dataset-relative path with {@code /} separators. */
  @Value.Parameter
  public abstract String path();

  /** Lower-case fragment naming the reason. */
  @Value.Parameter
  public abstract String reason();

  public static SkippedCaption of(String path, String reason) {
    return ImmutableSkippedCaption.of(path, reason);
  }
}
