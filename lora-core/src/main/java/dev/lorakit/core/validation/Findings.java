package dev.lorakit.core.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one factory of {@link Violation}s: collects what a rule found, filling in each violation's
 * rule id, severity and source from the rule's declaration.
 *
 * <pre>{@code
 * findings.report("network.linear", "rank 128 is above 64", "lower network.linear to 16", 128, 64);
 * findings.report(DUPLICATE_KEY, Severity.ERROR, "config.name", SourceLocation.of(3, 1),
 *     "key name appears twice", "keep one of the two entries", "name", null);
 * }</pre>
 */
public final class Findings {
  private final List<RuleDescriptor> declared;
  private final List<Violation> violations = new ArrayList<>();

  private Findings(List<RuleDescriptor> declared) {
    this.declared = List.copyOf(declared);
    if (this.declared.isEmpty()) {
      throw new IllegalArgumentException("findings need at least one declared rule");
    }
  }

  /** Findings of one rule. */
  public static Findings of(Rule<?> rule) {
    return new Findings(rule.descriptors());
  }

  /**
   * Findings for code that reports declared rules outside a {@link Rule}, such as a reader that
   * meets a syntax error before any rule can run.
   */
  public static Findings of(RuleDescriptor first, RuleDescriptor... more) {
    List<RuleDescriptor> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return new Findings(all);
  }

  /** Findings that may report any of {@code declared}. */
  public static Findings of(List<RuleDescriptor> declared) {
    return new Findings(declared);
  }

  /**
   * The first declared rule, the one {@link #report(String, String, String, Object, Object)} uses.
   */
  public RuleDescriptor rule() {
    return declared.get(0);
  }

  /** Reports a violation of the first declared rule at its own severity. */
  public Findings report(String path, String message, String hint, Object value, Object bound) {
    return report(rule(), rule().severity(), path, null, message, hint, value, bound);
  }

  /** Reports a violation of the first declared rule at another severity (an escalation). */
  public Findings report(
      Severity severity, String path, String message, String hint, Object value, Object bound) {
    return report(rule(), severity, path, null, message, hint, value, bound);
  }

  /** Reports a violation of {@code rule}, which this rule declared, at its own severity. */
  public Findings report(
      RuleDescriptor rule, String path, String message, String hint, Object value, Object bound) {
    return report(rule, rule.severity(), path, null, message, hint, value, bound);
  }

  /**
   * Reports a violation of a declared rule with every field.
   *
   * @param location where in a source file, or {@code null}
   * @param value the offending value, or {@code null}
   * @param bound the bound or expected value, or {@code null}
   * @throws IllegalArgumentException when the rule was not declared (a bug in the rule)
   */
  public Findings report(
      RuleDescriptor rule,
      Severity severity,
      String path,
      SourceLocation location,
      String message,
      String hint,
      Object value,
      Object bound) {
    Objects.requireNonNull(rule, "rule");
    if (!declared.contains(rule)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "rule %s reports %s, which it did not declare", rule().id(), rule.id()));
    }
    ImmutableViolation.Builder b =
        ImmutableViolation.builder()
            .ruleId(rule.id())
            .severity(Objects.requireNonNull(severity, "severity"))
            .path(Objects.requireNonNull(path, "path"))
            .message(Objects.requireNonNull(message, "message"))
            .hint(Objects.requireNonNull(hint, "hint"))
            .source(rule.source());
    if (location != null) {
      b.location(location);
    }
    if (value != null) {
      b.value(String.valueOf(value));
    }
    if (bound != null) {
      b.bound(String.valueOf(bound));
    }
    violations.add(b.build());
    return this;
  }

  /**
   * A view that reports {@code rule}, one of the declared rules, with the short forms.
   *
   * @throws IllegalArgumentException when the rule was not declared
   */
  public About about(RuleDescriptor rule) {
    if (!declared.contains(rule)) {
      throw new IllegalArgumentException("rule " + rule.id() + " was not declared");
    }
    return new About(rule);
  }

  /** Reports of one declared rule; see {@link #about}. */
  public final class About {
    private final RuleDescriptor rule;

    private About(RuleDescriptor rule) {
      this.rule = rule;
    }

    /** Reports at the rule's own severity. */
    public About report(String path, String message, String hint, Object value, Object bound) {
      Findings.this.report(rule, rule.severity(), path, null, message, hint, value, bound);
      return this;
    }

    /** Reports at another severity. */
    public About report(
        Severity severity, String path, String message, String hint, Object value, Object bound) {
      Findings.this.report(rule, severity, path, null, message, hint, value, bound);
      return this;
    }
  }

  /** Adds violations found by another rule, such as a project rule replayed on a config file. */
  public Findings addAll(List<Violation> found) {
    violations.addAll(found);
    return this;
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }
}
