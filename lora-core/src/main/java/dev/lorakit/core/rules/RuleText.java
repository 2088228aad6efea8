package dev.lorakit.core.rules;

import static dev.lorakit.core.validation.Severity.INFO;

import dev.lorakit.core.internal.Names;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.Locale;

/** What the topic files share: source prefixes, message formatting and descriptor builders. */
final class RuleText {
  static final String GUIDE = "guide: ";
  static final String AITK = "ai-toolkit.md ";
  static final String PEERS = "peers.md ";

  private RuleText() {}

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** The project name as a folder stem: {@code Maya LoRA} gives {@code maya}. */
  static String safe(LoraProject p) {
    return Names.characterStem(p.name());
  }

  static String suggestTrigger(LoraProject p) {
    return safe(p) + "_char";
  }

  /** A rule over {@link Subjects#PROJECT}. */
  static RuleDescriptor project(
      String id, Severity severity, String what, String why, String fix, String source) {
    return descriptor(Subjects.PROJECT, id, severity, what, why, fix, source);
  }

  /** A rule over {@link Subjects#DATASET}. */
  static RuleDescriptor dataset(
      String id, Severity severity, String what, String why, String fix, String source) {
    return descriptor(Subjects.DATASET, id, severity, what, why, fix, source);
  }

  /**
   * {@code rule} with the ids of the rules merged into it: a config rule that caught the same
   * defect at the file level keeps its id as an alias, and the linter reports the survivor at the
   * config line.
   */
  static RuleDescriptor merging(RuleDescriptor rule, String... formerIds) {
    return RuleDescriptor.builder().from(rule).addAliases(formerIds).build();
  }

  /** A checklist item a person decides. */
  static RuleDescriptor manual(String id, String what, String why, String fix, String source) {
    return descriptor(Subject.MANUAL, id, INFO, what, why, fix, source);
  }

  private static RuleDescriptor descriptor(
      Subject<?> subject,
      String id,
      Severity severity,
      String what,
      String why,
      String fix,
      String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(subject)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
