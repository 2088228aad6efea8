package dev.lorakit.core.caption;

import org.immutables.value.Value;

/** One caption file an edit plan will rewrite: its path and its text before and after. */
@Value.Immutable
public abstract class CaptionChange {

  /** Dataset-relative path with {@code /} separators. */
  @Value.Parameter
  public abstract String path();

  /** The caption text as it is on disk (without BOM or final newline). */
  @Value.Parameter
  public abstract String before();

  /** The caption text the plan writes. */
  @Value.Parameter
  public abstract String after();

  public static CaptionChange of(String path, String before, String after) {
    return ImmutableCaptionChange.of(path, before, after);
  }
}
