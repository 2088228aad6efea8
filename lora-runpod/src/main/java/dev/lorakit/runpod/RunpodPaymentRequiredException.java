package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 402: insufficient balance; no retry or other candidate will help. */
public final class RunpodPaymentRequiredException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodPaymentRequiredException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
