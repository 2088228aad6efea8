package dev.lorakit.cli;

/** A problem with the user's input or environment: one line of message, one line of fix. */
final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String fix;

  UserException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
