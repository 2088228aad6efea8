package dev.lorakit.runpod;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * How {@link RunpodClient} retries: connection failures and 429 on every call, 5xx and broken
 * connections only on idempotent calls. Backoff doubles from {@link #initialBackoff()} up to {@link
 * #maxBackoff()}; a 429 waits for its {@code Retry-After} unless that exceeds {@link
 * #maxRetryAfter()}.
 *
 * <pre>{@code
 * RetryPolicy.builder().maxAttempts(6).build()
 * }</pre>
 */
@Value.Immutable
public abstract class RetryPolicy {
  /** Total tries per call, including the first. */
  @Value.Default
  public int maxAttempts() {
    return 4;
  }

  @Value.Default
  public Duration initialBackoff() {
    return Duration.ofMillis(500);
  }

  @Value.Default
  public Duration maxBackoff() {
    return Duration.ofSeconds(20);
  }

  /** A 429 asking for a longer wait than this fails instead of sleeping. */
  @Value.Default
  public Duration maxRetryAfter() {
    return Duration.ofMinutes(2);
  }

  @Value.Check
  protected void check() {
    if (maxAttempts() < 1) {
      throw new IllegalStateException("maxAttempts must be at least 1");
    }
  }

  /** Backoff before try number {@code attempt + 1} (attempt counts from 1). */
  public Duration backoff(int attempt) {
    long base = initialBackoff().toMillis();
    long millis = base << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff().toMillis()));
  }

  public static ImmutableRetryPolicy.Builder builder() {
    return ImmutableRetryPolicy.builder();
  }

  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** One try, no retries. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }
}
