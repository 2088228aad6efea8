package dev.lorakit.core.rules;

import org.immutables.value.Value;

/**
 * A rule's entry in the catalogue: its stable id and what it checks, why, how to fix it and where
 * the rule comes from. {@code docs/rules.md} is generated from these.
 */
@Value.Immutable
public abstract class RuleDescriptor {

  /** Namespaced kebab-case id; never reused for another meaning. */
  public abstract String id();

  public abstract Severity severity();

  @Value.Default
  public RuleKind kind() {
    return RuleKind.PROJECT;
  }

  /** What the rule checks, one line. */
  public abstract String what();

  /** Why it matters. */
  public abstract String why();

  /** How to fix it, imperative. */
  public abstract String fix();

  /** The guide section or reference document section the rule comes from. */
  public abstract String source();

  @Value.Check
  protected void check() {
    if (!id().matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+")) {
      throw new IllegalStateException("rule id must be namespaced kebab-case: " + id());
    }
  }

  public static ImmutableRuleDescriptor.Builder builder() {
    return ImmutableRuleDescriptor.builder();
  }
}
