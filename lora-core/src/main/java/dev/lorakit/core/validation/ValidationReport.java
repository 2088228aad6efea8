package dev.lorakit.core.validation;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What a check found: violations ordered by severity, then path, then rule id, plus the manual
 * checklist a person must still go through.
 *
 * <pre>{@code
 * ValidationReport report = RuleEngine.qwenCharacter().check(project);
 * report.throwIfErrors();
 * }</pre>
 */
@Value.Immutable
public abstract class ValidationReport {

  private static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::severity)
          .thenComparing(Violation::path)
          .thenComparing(Violation::ruleId)
          .thenComparing(Violation::message);

  public abstract List<Violation> violations();

  /** Rules no file can decide, for a person to confirm. */
  public abstract List<RuleDescriptor> manualChecks();

  public static ValidationReport of(List<Violation> violations, List<RuleDescriptor> manual) {
    return ImmutableValidationReport.builder()
        .violations(violations.stream().sorted(ORDER).collect(Collectors.toList()))
        .manualChecks(manual)
        .build();
  }

  /** This report with the checklist a person must still go through. */
  public ValidationReport withChecklist(List<RuleDescriptor> manual) {
    return of(violations(), manual);
  }

  public List<Violation> errors() {
    return withSeverity(Severity.ERROR);
  }

  public List<Violation> warnings() {
    return withSeverity(Severity.WARNING);
  }

  public List<Violation> infos() {
    return withSeverity(Severity.INFO);
  }

  public boolean hasErrors() {
    return violations().stream().anyMatch(v -> v.severity() == Severity.ERROR);
  }

  public List<Violation> withRule(String ruleId) {
    return violations().stream()
        .filter(v -> v.ruleId().equals(ruleId))
        .collect(Collectors.toUnmodifiableList());
  }

  /** This report plus another's violations and checklist, re-sorted. */
  public ValidationReport merge(ValidationReport other) {
    List<Violation> all =
        java.util.stream.Stream.concat(violations().stream(), other.violations().stream())
            .collect(Collectors.toList());
    List<RuleDescriptor> manual =
        java.util.stream.Stream.concat(manualChecks().stream(), other.manualChecks().stream())
            .distinct()
            .collect(Collectors.toList());
    return of(all, manual);
  }

  /** Throws {@link LoraValidationException} when the report holds an error. */
  public ValidationReport throwIfErrors() {
    if (hasErrors()) {
      throw new LoraValidationException(this);
    }
    return this;
  }

  private List<Violation> withSeverity(Severity severity) {
    return violations().stream()
        .filter(v -> v.severity() == severity)
        .collect(Collectors.toUnmodifiableList());
  }
}
