package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 409: the action is not allowed in the resource's current state. */
public final class RunpodConflictException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodConflictException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
