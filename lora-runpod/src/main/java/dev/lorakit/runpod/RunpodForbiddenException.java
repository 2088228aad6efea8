package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 403: the key is valid but lacks access to this resource or pool. */
public final class RunpodForbiddenException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodForbiddenException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
