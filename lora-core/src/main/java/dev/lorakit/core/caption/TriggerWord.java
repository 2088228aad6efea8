package dev.lorakit.core.caption;

import java.util.Locale;
import org.immutables.value.Value;

/**
 * The rare token that names the character, put first in every caption ({@code maya_char}).
 *
 * <p>Any string is accepted so that a bad trigger can be reported rather than thrown: the rule
 * engine flags empty, spaced, class and dictionary words.
 *
 * <pre>{@code
 * TriggerWord trigger = TriggerWord.of("maya_char");
 * }</pre>
 */
@Value.Immutable
public abstract class TriggerWord {

  /** The trigger as written by the user, trimmed. */
  @Value.Parameter
  public abstract String value();

  public static TriggerWord of(String value) {
    return ImmutableTriggerWord.of(value.strip());
  }

  /** Whether a tag is this trigger, ignoring letter case as tag matching does. */
  public boolean matches(Tag tag) {
    return tag.normalized().equals(value().toLowerCase(Locale.ROOT));
  }

  public boolean isBlank() {
    return value().isBlank();
  }

  @Override
  public String toString() {
    return value();
  }
}
