package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 401: the API key is missing, invalid or expired. */
public final class RunpodUnauthorizedException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodUnauthorizedException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
