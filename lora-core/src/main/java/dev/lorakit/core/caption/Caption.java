package dev.lorakit.core.caption;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A parsed tag caption: {@code maya_char, portrait, smiling, soft lighting}.
 *
 * <pre>{@code
 * Caption caption = Caption.parse("maya_char, portrait, smiling");
 * caption.startsWith(TriggerWord.of("maya_char")); // true
 * }</pre>
 */
@Value.Immutable
public abstract class Caption {

  /** Tags in caption order; empty elements between commas are dropped. */
  public abstract List<Tag> tags();

  /** Parses comma-separated text; line breaks count as separators, blank elements are dropped. */
  public static Caption parse(String text) {
    List<Tag> tags = new ArrayList<>();
    for (String part : text.split("[,\\r\\n]")) {
      if (!part.isBlank()) {
        tags.add(Tag.of(part));
      }
    }
    return ImmutableCaption.builder().tags(tags).build();
  }

  public static Caption of(List<Tag> tags) {
    return ImmutableCaption.builder().tags(tags).build();
  }

  /** The caption as a trainer reads it: tags joined by {@code ", "}. */
  public String text() {
    return tags().stream().map(Tag::text).collect(Collectors.joining(", "));
  }

  public boolean isEmpty() {
    return tags().isEmpty();
  }

  public boolean startsWith(TriggerWord trigger) {
    return !tags().isEmpty() && trigger.matches(tags().get(0));
  }

  public boolean containsTrigger(TriggerWord trigger) {
    return tags().stream().anyMatch(trigger::matches);
  }

  /** Whether any tag equals {@code tag}, ignoring case and treating {@code _} like a space. */
  public boolean hasTag(String tag) {
    return tags().stream().anyMatch(t -> t.sameAs(tag));
  }

  /** Words over all tags, a cheap stand-in for the text encoder's token count. */
  public int wordCount() {
    return tags().stream().mapToInt(Tag::wordCount).sum();
  }

  @Override
  public String toString() {
    return text();
  }
}
