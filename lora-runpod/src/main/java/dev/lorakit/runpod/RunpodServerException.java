package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 5xx: a transient server failure. */
public final class RunpodServerException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodServerException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
