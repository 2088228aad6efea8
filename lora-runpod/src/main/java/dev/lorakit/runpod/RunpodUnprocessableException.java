package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 422: the body breaks the API contract; never retried. */
public final class RunpodUnprocessableException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodUnprocessableException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
