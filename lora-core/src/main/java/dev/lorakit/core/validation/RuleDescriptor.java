package dev.lorakit.core.validation;

import java.util.List;
import org.immutables.value.Value;

/**
 * A rule's declaration: its stable id, its subject, its default severity, what it checks, why, how
 * to fix it and where the fact comes from. Each is declared once, as a public constant of the topic
 * class that checks it; {@code docs/rules.md} is generated from the catalogue of all of them.
 *
 * <pre>{@code
 * public static final RuleDescriptor RANK_TOO_HIGH =
 *     RuleDescriptor.builder()
 *         .id("network.rank-too-high").subject(ProjectSubjects.PROJECT).severity(Severity.WARNING)
 *         .what("rank 128 or more").why("high ranks learn backgrounds")
 *         .fix("lower network.linear to 16").source("guide: Network Architecture")
 *         .build();
 * }</pre>
 */
@Value.Immutable
public abstract class RuleDescriptor {

  /** Namespaced kebab-case id; never reused for another meaning. */
  public abstract String id();

  public abstract Severity severity();

  /** What the rule looks at. */
  public abstract Subject<?> subject();

  /** What the rule checks, one line. */
  public abstract String what();

  /** Why it matters. */
  public abstract String why();

  /** How to fix it, imperative. */
  public abstract String fix();

  /** The guide section or reference document section the rule comes from. */
  public abstract String source();

  /**
   * Former ids of rules merged into this one: a defect caught by two rules is reported by one, and
   * the other's id stays documented (ids are public API) and is found by {@link
   * RuleCatalogue#find(String)}.
   */
  public abstract List<String> aliases();

  /** True for a checklist item a person decides. */
  public final boolean manual() {
    return subject().equals(Subject.MANUAL);
  }

  @Value.Check
  protected void check() {
    if (!isRuleId(id())) {
      throw new IllegalStateException("rule id must be namespaced kebab-case: " + id());
    }
    for (String alias : aliases()) {
      if (!isRuleId(alias)) {
        throw new IllegalStateException("rule alias must be namespaced kebab-case: " + alias);
      }
    }
  }

  static boolean isRuleId(String id) {
    return id.matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
  }

  public static ImmutableRuleDescriptor.Builder builder() {
    return ImmutableRuleDescriptor.builder();
  }
}
