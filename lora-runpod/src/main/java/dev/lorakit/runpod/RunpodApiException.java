package dev.lorakit.runpod;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with an error status. The message reads {@code POST /v2/pods 400: <detail>}.
 * Subclasses exist for each status a caller reacts to differently.
 */
public class RunpodApiException extends RunpodException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String method;
  private final String path;
  private final transient ErrorResponse errorBody;
  private final transient RateLimitStatus rateLimit;
  private final Duration retryAfter;

  public RunpodApiException(
      int statusCode,
      String method,
      String path,
      ErrorResponse errorBody,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    super(method + " " + path + " " + statusCode + ": " + describe(errorBody));
    this.statusCode = statusCode;
    this.method = method;
    this.path = path;
    this.errorBody = errorBody;
    this.rateLimit = rateLimit.orElse(null);
    this.retryAfter = retryAfter.orElse(null);
  }

  private static String describe(ErrorResponse body) {
    String detail = body.detail().isEmpty() ? body.title().orElse("") : body.detail();
    if (!body.errors().isEmpty()) {
      detail = detail + " " + body.errors();
    }
    return detail.isEmpty() ? "(no detail)" : detail;
  }

  public int statusCode() {
    return statusCode;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public ErrorResponse errorBody() {
    return errorBody;
  }

  public Optional<RateLimitStatus> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the detail reads like RunPod's "no capacity" messages. */
  public boolean isCapacityError() {
    String d = errorBody.detail().toLowerCase(java.util.Locale.ROOT);
    return d.contains("no longer any instances")
        || d.contains("no instances currently available")
        || d.contains("does not have the resources")
        || d.contains("not enough free gpus");
  }
}
