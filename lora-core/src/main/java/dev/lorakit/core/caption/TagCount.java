package dev.lorakit.core.caption;

import org.immutables.value.Value;

/** How many captions carry one tag. */
@Value.Immutable
public abstract class TagCount {

  /** The tag as first spelled in the captions. */
  @Value.Parameter
  public abstract String tag();

  /** Number of captions with the tag (a tag repeated in one caption counts once). */
  @Value.Parameter
  public abstract int captions();

  public static TagCount of(String tag, int captions) {
    return ImmutableTagCount.of(tag, captions);
  }
}
