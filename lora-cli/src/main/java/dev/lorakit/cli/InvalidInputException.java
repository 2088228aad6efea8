package dev.lorakit.cli;

import dev.lorakit.core.validation.ValidationReport;

/** Input that could not be read as what it should be; its violations are printed, exit 2. */
final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ValidationReport report;

  InvalidInputException(String message, ValidationReport report) {
    super(message);
    this.report = report;
  }

  ValidationReport report() {
    return report;
  }
}
