package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: rate limited; {@link #retryAfter()} tells how long to wait. */
public final class RunpodRateLimitedException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodRateLimitedException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
