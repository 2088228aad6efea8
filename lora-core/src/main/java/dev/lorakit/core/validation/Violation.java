package dev.lorakit.core.validation;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One problem found in user data: which rule, how bad, where, what and how to fix it.
 *
 * <pre>{@code
 * Violation v = report.violations().get(0);
 * v.ruleId();  // "network.rank-too-high"
 * v.message(); // "rank 128 is at or above 128, where a LoRA learns backgrounds and lighting"
 * v.hint();    // "lower network.linear to 16; 8-12 if backgrounds bleed"
 * }</pre>
 */
@Value.Immutable
public abstract class Violation {

  /** Stable, namespaced, kebab-case id such as {@code caption.missing-trigger}. */
  public abstract String ruleId();

  public abstract Severity severity();

  /** Where: a trainer key ({@code network.linear}) or a dataset-relative file path. */
  public abstract String path();

  /** Lower-case fragment naming the offending value and the bound. */
  public abstract String message();

  /** Imperative fix. */
  public abstract String hint();

  /** The offending value as text, for programs. */
  public abstract Optional<String> value();

  /** The bound or expected value as text, for programs. */
  public abstract Optional<String> bound();

  /** Line and column when the violation comes from a source file. */
  public abstract Optional<SourceLocation> location();

  /** The guide section or reference the rule comes from. */
  public abstract Optional<String> source();

  /** This violation at another severity (a linter lowering guide advice, a planner raising it). */
  public abstract Violation withSeverity(Severity severity);

  /** This violation at a position in a source file. */
  public abstract Violation withLocation(SourceLocation location);

  /** {@code ERROR network.rank-too-high network.linear: rank 128 ... (fix: ...)}. */
  public String describe() {
    return severity()
        + " "
        + ruleId()
        + " "
        + path()
        + location().map(l -> ":" + l).orElse("")
        + ": "
        + message()
        + " (fix: "
        + hint()
        + ")";
  }
}
