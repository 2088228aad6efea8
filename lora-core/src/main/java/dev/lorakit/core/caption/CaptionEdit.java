package dev.lorakit.core.caption;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A change to one caption's tags. Edits are pure functions of the caption, so a plan can show them
 * before anything is written.
 *
 * <pre>{@code
 * CaptionEdit edit = CaptionEdit.triggerFirst(TriggerWord.of("maya_char"))
 *     .andThen(CaptionEdit.replaceTag("closeup", "portrait"))
 *     .andThen(CaptionEdit.dedupe());
 * edit.apply(Caption.parse("portrait, maya_char, closeup")).text(); // "maya_char, portrait"
 * }</pre>
 */
@FunctionalInterface
public interface CaptionEdit {

  Caption apply(Caption caption);

  /** This edit, then {@code next}. */
  default CaptionEdit andThen(CaptionEdit next) {
    Objects.requireNonNull(next, "next");
    return c -> next.apply(apply(c));
  }

  /** Leaves the caption as it is. */
  static CaptionEdit none() {
    return c -> c;
  }

  /**
   * Tidies spelling without changing meaning: trims tags, collapses inner whitespace, drops empty
   * tags and a trailing full stop.
   */
  static CaptionEdit normalize() {
    return c -> {
      List<Tag> out = new ArrayList<>();
      for (Tag t : c.tags()) {
        String text = t.text().strip();
        while (text.endsWith(".")) {
          text = text.substring(0, text.length() - 1).strip();
        }
        if (!text.isEmpty()) {
          out.add(Tag.of(text));
        }
      }
      return Caption.of(out);
    };
  }

  /** Puts the trigger first, removing it from anywhere else; adds it when it is missing. */
  static CaptionEdit triggerFirst(TriggerWord trigger) {
    Objects.requireNonNull(trigger, "trigger");
    if (trigger.isBlank()) {
      throw new IllegalArgumentException("trigger is blank");
    }
    return c -> {
      List<Tag> out = new ArrayList<>();
      out.add(Tag.of(trigger.value()));
      for (Tag t : c.tags()) {
        if (!trigger.matches(t)) {
          out.add(t);
        }
      }
      return Caption.of(out);
    };
  }

  /** Appends a tag unless the caption already has it. */
  static CaptionEdit addTag(String tag) {
    return addTag(tag, Integer.MAX_VALUE);
  }

  /**
   * Inserts a tag at a 0-based position (clamped to the caption's length) unless the caption
   * already has it; {@code addTag("realistic_body", 1)} puts it right after the trigger.
   */
  static CaptionEdit addTag(String tag, int position) {
    Tag added = checked(tag);
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative: " + position);
    }
    return c -> {
      if (c.hasTag(added.text())) {
        return c;
      }
      List<Tag> out = new ArrayList<>(c.tags());
      out.add(Math.min(position, out.size()), added);
      return Caption.of(out);
    };
  }

  /** Removes every occurrence of a tag (case and {@code _}/space insensitive). */
  static CaptionEdit removeTag(String tag) {
    Tag removed = checked(tag);
    return c -> {
      List<Tag> out = new ArrayList<>();
      for (Tag t : c.tags()) {
        if (!t.sameAs(removed.text())) {
          out.add(t);
        }
      }
      return Caption.of(out);
    };
  }

  /**
   * Replaces every occurrence of {@code from} with {@code to} in place; a second {@code to} is
   * dropped. Replacing a tag with itself leaves the caption as it is.
   */
  static CaptionEdit replaceTag(String from, String to) {
    Tag source = checked(from);
    Tag target = checked(to);
    return c -> {
      if (!c.hasTag(source.text())) {
        return c;
      }
      List<Tag> out = new ArrayList<>();
      boolean placed = false;
      for (Tag t : c.tags()) {
        if (t.sameAs(source.text()) || t.sameAs(target.text())) {
          if (!placed) {
            out.add(t.sameAs(target.text()) && !t.sameAs(source.text()) ? t : target);
            placed = true;
          }
        } else {
          out.add(t);
        }
      }
      return Caption.of(out);
    };
  }

  /** Keeps the first occurrence of each tag (case and {@code _}/space insensitive). */
  static CaptionEdit dedupe() {
    return c -> {
      Set<String> seen = new HashSet<>();
      List<Tag> out = new ArrayList<>();
      for (Tag t : c.tags()) {
        if (seen.add(loose(t.text()))) {
          out.add(t);
        }
      }
      return Caption.of(out);
    };
  }

  private static Tag checked(String tag) {
    Objects.requireNonNull(tag, "tag");
    if (tag.isBlank() || tag.contains(",") || tag.contains("\n") || tag.contains("\r")) {
      throw new IllegalArgumentException(
          "a tag must be non-blank, without commas or newlines: " + tag);
    }
    return Tag.of(tag);
  }

  private static String loose(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
  }
}
