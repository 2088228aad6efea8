package dev.lorakit.runpod.training;

import dev.lorakit.runpod.RunpodException;

/** A call to the ai-toolkit web UI failed; the message reads {@code GET /api/jobs 401: detail}. */
public final class AiToolkitException extends RunpodException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  public AiToolkitException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** HTTP status, or 0 for a transport failure. */
  public int statusCode() {
    return statusCode;
  }
}
