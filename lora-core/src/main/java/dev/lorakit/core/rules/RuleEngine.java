package dev.lorakit.core.rules;

import dev.lorakit.core.project.LoraProject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a project against a rule profile. Thread-safe and immutable; never throws for bad data: a
 * rule that throws becomes an {@code engine.rule-failed} error in the report.
 *
 * <pre>{@code
 * ValidationReport report = RuleEngine.qwenCharacter().check(project);
 * report.errors().forEach(v -> System.out.println(v.describe()));
 * }</pre>
 */
public final class RuleEngine {
  private final String profile;
  private final List<Rule> rules;
  private final List<RuleDescriptor> manual;
  private final List<RuleDescriptor> extraDescriptors;

  private RuleEngine(
      String profile,
      List<Rule> rules,
      List<RuleDescriptor> manual,
      List<RuleDescriptor> extraDescriptors) {
    this.profile = profile;
    this.rules = List.copyOf(rules);
    this.manual = List.copyOf(manual);
    this.extraDescriptors = List.copyOf(extraDescriptors);
    List<String> ids =
        catalogue().rules().stream().map(RuleDescriptor::id).collect(Collectors.toList());
    if (ids.size() != ids.stream().distinct().count()) {
      throw new IllegalArgumentException("duplicate rule ids in profile " + profile + ": " + ids);
    }
  }

  /** The guide's {@code qwen-character} profile. */
  public static RuleEngine qwenCharacter() {
    return Holder.QWEN_CHARACTER;
  }

  private static final class Holder {
    static final RuleEngine QWEN_CHARACTER =
        new RuleEngine(
            "qwen-character",
            QwenCharacterRules.rules(),
            QwenCharacterRules.manual(),
            List.of(QwenCharacterRules.INVALID_VALUE, QwenCharacterRules.RULE_FAILED));
  }

  /**
   * A new engine with one more rule, for users with their own conventions. Its id must not clash
   * with an existing one.
   */
  public RuleEngine withRule(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    List<Rule> more = new ArrayList<>(rules);
    more.add(rule);
    return new RuleEngine(profile, more, manual, extraDescriptors);
  }

  /** Every rule of this engine, including the manual checklist and the engine's own rules. */
  public RuleCatalogue catalogue() {
    List<RuleDescriptor> all =
        Stream.of(rules.stream().map(Rule::descriptor), manual.stream(), extraDescriptors.stream())
            .flatMap(s -> s)
            .collect(Collectors.toList());
    return RuleCatalogue.of(profile, all);
  }

  public String profile() {
    return profile;
  }

  /** Runs every rule against the project. Never throws for a non-null project. */
  public ValidationReport check(LoraProject project) {
    Objects.requireNonNull(project, "project");
    List<Violation> found = new ArrayList<>();
    try {
      found.addAll(ModelConstraints.check(project, QwenCharacterRules.INVALID_VALUE));
    } catch (RuntimeException e) {
      found.add(failure(QwenCharacterRules.INVALID_VALUE.id(), e));
    }
    for (Rule rule : rules) {
      Findings findings = new Findings(rule.descriptor());
      try {
        rule.check(project, findings);
        found.addAll(findings.violations());
      } catch (RuntimeException e) {
        found.add(failure(rule.descriptor().id(), e));
      }
    }
    return ValidationReport.of(found, manual);
  }

  private static Violation failure(String ruleId, RuntimeException e) {
    return Violation.builder()
        .ruleId(QwenCharacterRules.RULE_FAILED.id())
        .severity(Severity.ERROR)
        .path(ruleId)
        .message(
            String.format(
                Locale.ROOT,
                "rule %s failed with %s: %s",
                ruleId,
                e.getClass().getSimpleName(),
                e.getMessage()))
        .hint("report this to the rule's author; the rest of the check ran")
        .source(QwenCharacterRules.RULE_FAILED.source())
        .build();
  }
}
