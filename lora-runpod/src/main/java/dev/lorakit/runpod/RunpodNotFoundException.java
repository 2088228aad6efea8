package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/** HTTP 404: the resource does not exist (or is not visible to this key). */
public final class RunpodNotFoundException extends RunpodApiException {
  private static final long serialVersionUID = 1L;

  public RunpodNotFoundException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(statusCode, method, path, errorBody, rateLimit, retryAfter);
  }
}
