package dev.lorakit.yaml;

/**
 * {@link Preflight} could not read its input at all: no such folder, an unreadable file, a
 * cancelled scan. Carries a one-line fix. (A project file that reads but is invalid is a {@link
 * dev.lorakit.core.validation.LoraValidationException} with the report instead.)
 */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String fix;

  PreflightException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  /** What the user should do, imperative. */
  public String fix() {
    return fix;
  }
}
