package dev.lorakit.runpod;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One window of RunPod's rate limit ({@code minute}, {@code hour}, {@code day}), merged from the
 * {@code RateLimit} ({@code r}, {@code t}) and {@code RateLimit-Policy} ({@code q}, {@code w})
 * headers.
 */
@Value.Immutable
public abstract class RateLimitWindow {
  public abstract String name();

  /** Requests left in the window ({@code r}). */
  public abstract Optional<Long> remaining();

  /** Seconds until the window resets ({@code t}). */
  public abstract Optional<Long> resetSeconds();

  /** Quota of the window ({@code q}). */
  public abstract Optional<Long> quota();

  /** Window length in seconds ({@code w}). */
  public abstract Optional<Long> windowSeconds();

  public static ImmutableRateLimitWindow.Builder builder() {
    return ImmutableRateLimitWindow.builder();
  }
}
