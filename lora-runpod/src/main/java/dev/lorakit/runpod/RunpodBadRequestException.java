package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 400: a rule violation, or on pod create no capacity for the candidate. */
public final class RunpodBadRequestException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodBadRequestException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
