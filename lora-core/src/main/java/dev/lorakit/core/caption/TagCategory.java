package dev.lorakit.core.caption;

/**
 * What a tagger's label describes. WD14's {@code selected_tags.csv} numbers them in its {@code
 * category} column: 9 = rating, 0 = general, 4 = character (landscape-2026.md §3.2).
 */
public enum TagCategory {
  /** Content rating (general, sensitive, questionable, explicit); never written to a caption. */
  RATING,
  /** Things in the picture: framing, pose, clothing, background. */
  GENERAL,
  /** A named character the tagger recognises. */
  CHARACTER;

  /**
   * The category of a WD14 {@code selected_tags.csv} category number; other numbers are general.
   */
  public static TagCategory ofWd14(int category) {
    if (category == 9) {
      return RATING;
    }
    if (category == 4) {
      return CHARACTER;
    }
    return GENERAL;
  }
}
