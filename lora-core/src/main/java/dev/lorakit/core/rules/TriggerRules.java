package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.rules.RuleText.suggestTrigger;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;
import java.util.Locale;

/**
 * The guide's trigger-word rules: present, rare, one token (word lists in {@code TriggerWords}).
 *
 * <pre>{@code
 * String id = TriggerRules.CLASS_WORD.id(); // "trigger.class-word"
 * }</pre>
 */
public final class TriggerRules {

  /** No trigger word. */
  public static final RuleDescriptor EMPTY =
      project(
          "trigger.empty",
          ERROR,
          "no trigger word",
          "the trigger is how prompts call the character; without it nothing switches the"
              + " LoRA on",
          "choose a rare token such as maya_char or ohwx",
          GUIDE + "Trigger Word");

  /** The trigger is a common class word. */
  public static final RuleDescriptor CLASS_WORD =
      project(
          "trigger.class-word",
          ERROR,
          "trigger is a common class word (woman, person, girl, man...)",
          "the base model knows the word well: the LoRA overwrites every woman or person"
              + " instead of adding one character",
          "use a rare token such as maya_char or ohwx",
          GUIDE + "Key Configuration Notes, Trigger Word");

  /** The trigger contains whitespace. */
  public static final RuleDescriptor HAS_SPACES =
      project(
          "trigger.has-spaces",
          WARNING,
          "trigger contains whitespace",
          "a spaced trigger is several tokens that also occur apart in other prompts; the"
              + " guide uses one rare token",
          "join the words with '_' (maya_char)",
          GUIDE + "Key Configuration Notes, Trigger Word");

  /** The trigger is an ordinary English word. */
  public static final RuleDescriptor DICTIONARY_WORD =
      project(
          "trigger.dictionary-word",
          WARNING,
          "trigger is an ordinary English word",
          "the trigger must be unique, not in the base model's vocabulary; a dictionary word"
              + " carries meaning into every image",
          "use a nonsense token: ohwx, sks, or name_char",
          GUIDE + "Key Configuration Notes, Trigger Word");

  private TriggerRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            EMPTY,
            (p, f) -> {
              if (p.trigger().isBlank()) {
                f.report(
                    "trigger_word",
                    "trigger word is empty",
                    "set a rare trigger such as " + suggestTrigger(p),
                    "",
                    "a rare token");
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            CLASS_WORD,
            (p, f) -> {
              String t = p.trigger().value();
              if (TriggerWords.isClassWord(t)) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' is a class word the base model already knows", t),
                    "use a rare token such as " + suggestTrigger(p),
                    t,
                    "a rare token");
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            HAS_SPACES,
            (p, f) -> {
              String t = p.trigger().value();
              if (!t.isBlank() && t.strip().matches(".*\\s.*")) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' contains spaces", t),
                    "use " + t.strip().replaceAll("\\s+", "_"),
                    t,
                    "one token");
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            DICTIONARY_WORD,
            (p, f) -> {
              String t = p.trigger().value();
              if (!t.isBlank()
                  && !TriggerWords.isClassWord(t)
                  && TriggerWords.isDictionaryWord(t)) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' is a dictionary word", t),
                    "use a rare token such as " + t.strip().toLowerCase(Locale.ROOT) + "_char",
                    t,
                    "a rare token");
              }
            }));
  }
}
