package dev.lorakit.core.caption;

import java.util.Locale;
import org.immutables.value.Value;

/**
 * One comma-separated element of a caption, such as {@code full body} or {@code realistic_body}.
 *
 * <p>The text keeps the user's spelling (inner whitespace collapsed); {@link #normalized()} is the
 * form used for comparisons: lower case, with underscores and spaces treated alike.
 */
@Value.Immutable
public abstract class Tag {

  @Value.Parameter
  public abstract String text();

  public static Tag of(String text) {
    return ImmutableTag.of(text.strip().replaceAll("\\s+", " "));
  }

  /** Lower case with inner whitespace collapsed; {@code Full Body} becomes {@code full body}. */
  @Value.Derived
  public String normalized() {
    return text().toLowerCase(Locale.ROOT);
  }

  /** Whether the tag names the same concept, treating {@code _} and a space alike. */
  public boolean sameAs(String other) {
    return loose(normalized()).equals(loose(other.strip().toLowerCase(Locale.ROOT)));
  }

  /** Number of whitespace-separated words, a cheap stand-in for text-encoder tokens. */
  public int wordCount() {
    return text().isEmpty() ? 0 : text().split(" ").length;
  }

  private static String loose(String s) {
    return s.replace('_', ' ').replaceAll("\\s+", " ");
  }

  @Override
  public String toString() {
    return text();
  }
}
