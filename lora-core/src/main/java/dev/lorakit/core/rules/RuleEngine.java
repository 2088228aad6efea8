package dev.lorakit.core.rules;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.ValidationReport;
import java.util.Objects;

/**
 * Checks a project against the project rules of a {@link RuleCatalogue} and attaches the manual
 * checklist. Thread-safe and immutable; never throws for bad data: a rule that throws becomes an
 * {@code engine.rule-failed} error in the report.
 *
 * <pre>{@code
 * ValidationReport report = RuleEngine.qwenCharacter().check(project);
 * report.errors().forEach(v -> System.out.println(v.describe()));
 * }</pre>
 */
public final class RuleEngine {
  private static final String PROFILE = "qwen-character";

  private final RuleCatalogue catalogue;

  private RuleEngine(RuleCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The guide's {@code qwen-character} profile: every project rule of the standard catalogue. */
  public static RuleEngine qwenCharacter() {
    return Holder.STANDARD;
  }

  private static final class Holder {
    static final RuleEngine STANDARD = new RuleEngine(RuleCatalogue.standard());
  }

  /** An engine over another catalogue, for example one with a user's rules. */
  public static RuleEngine of(RuleCatalogue catalogue) {
    return new RuleEngine(Objects.requireNonNull(catalogue, "catalogue"));
  }

  /**
   * A new engine with one more project rule, for users with their own conventions. Its id must not
   * clash with an existing one.
   */
  public RuleEngine withRule(Rule<LoraProject> rule) {
    return new RuleEngine(catalogue.with(rule));
  }

  /** The catalogue this engine checks with: every rule of every subject. */
  public RuleCatalogue catalogue() {
    return catalogue;
  }

  public String profile() {
    return PROFILE;
  }

  /** Runs every project rule against the project. Never throws for a non-null project. */
  public ValidationReport check(LoraProject project) {
    Objects.requireNonNull(project, "project");
    return catalogue.check(Subjects.PROJECT, project).withChecklist(catalogue.manual());
  }
}
