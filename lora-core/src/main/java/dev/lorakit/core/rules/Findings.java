package dev.lorakit.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects the violations of one rule, filling in its id, severity and source.
 *
 * <pre>{@code
 * findings.report("network.linear", "rank 128 is above 64", "lower network.linear to 16", 128, 64);
 * }</pre>
 */
public final class Findings {
  private final RuleDescriptor rule;
  private final List<Violation> violations = new ArrayList<>();

  public Findings(RuleDescriptor rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  public RuleDescriptor rule() {
    return rule;
  }

  /** Reports a violation at the rule's own severity. */
  public Findings report(String path, String message, String hint, Object value, Object bound) {
    return report(rule.severity(), path, message, hint, value, bound);
  }

  /** Reports a violation at another severity than the rule's default (e.g. an escalation). */
  public Findings report(
      Severity severity, String path, String message, String hint, Object value, Object bound) {
    ImmutableViolation.Builder b =
        Violation.builder()
            .ruleId(rule.id())
            .severity(severity)
            .path(path)
            .message(message)
            .hint(hint)
            .source(rule.source());
    if (value != null) {
      b.value(String.valueOf(value));
    }
    if (bound != null) {
      b.bound(String.valueOf(bound));
    }
    violations.add(b.build());
    return this;
  }

  /** Adds a violation built elsewhere, such as one with a source location. */
  public Findings add(Violation violation) {
    violations.add(violation);
    return this;
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }
}
