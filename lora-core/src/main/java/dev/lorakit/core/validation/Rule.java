package dev.lorakit.core.validation;

import java.util.List;
import java.util.Objects;

/**
 * A check of one subject. A rule reports problems into {@link Findings}; it never throws for bad
 * data (the catalogue turns an unexpected exception into an {@code engine.rule-failed} error).
 *
 * <p>Most rules report one descriptor. A rule that walks a document once and reports several
 * defects at their lines (the config linter, the checkpoint inspector) declares every descriptor it
 * may report, and {@link Findings} refuses any other.
 *
 * <pre>{@code
 * Rule<LoraProject> noSpaces = Rule.of(ProjectRules.PROJECT, NO_SPACES, (project, findings) -> {
 *   if (project.name().contains(" ")) {
 *     findings.report("config.name", "name has spaces", "use underscores", project.name(), null);
 *   }
 * });
 * RuleCatalogue catalogue = RuleCatalogue.standard().with(noSpaces);
 * }</pre>
 */
public interface Rule<S> {

  Subject<S> subject();

  /** Every descriptor this rule may report; the first is the one {@link Findings#report} uses. */
  List<RuleDescriptor> descriptors();

  void check(S value, Findings findings);

  /** The body of a rule. */
  @FunctionalInterface
  interface Check<S> {
    void check(S value, Findings findings);
  }

  /** A rule that reports one descriptor. */
  static <S> Rule<S> of(Subject<S> subject, RuleDescriptor descriptor, Check<S> check) {
    return group(subject, List.of(descriptor), check);
  }

  /** A rule that reports any of several descriptors, all of the same subject. */
  static <S> Rule<S> group(Subject<S> subject, List<RuleDescriptor> descriptors, Check<S> check) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(check, "check");
    List<RuleDescriptor> all = List.copyOf(descriptors);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("a rule declares at least one descriptor");
    }
    for (RuleDescriptor d : all) {
      if (!d.subject().equals(subject)) {
        throw new IllegalArgumentException(
            "rule " + d.id() + " is declared for " + d.subject() + ", not " + subject);
      }
    }
    return new Rule<>() {
      @Override
      public Subject<S> subject() {
        return subject;
      }

      @Override
      public List<RuleDescriptor> descriptors() {
        return all;
      }

      @Override
      public void check(S value, Findings findings) {
        check.check(value, findings);
      }

      @Override
      public String toString() {
        return "Rule[" + all.get(0).id() + (all.size() > 1 ? " +" + (all.size() - 1) : "") + "]";
      }
    };
  }
}
