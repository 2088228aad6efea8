package dev.lorakit.core.validation;

import java.util.Objects;

/** Thrown by {@link ValidationReport#throwIfErrors()}; carries the whole report. */
public final class LoraValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ValidationReport report;

  public LoraValidationException(ValidationReport report) {
    super(summary(Objects.requireNonNull(report, "report")));
    this.report = report;
  }

  public ValidationReport report() {
    return report;
  }

  private static String summary(ValidationReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(report.errors().size()).append(" error(s)");
    report.errors().stream().limit(5).forEach(v -> sb.append("\n  ").append(v.describe()));
    if (report.errors().size() > 5) {
      sb.append("\n  ...");
    }
    return sb.toString();
  }
}
