package dev.lorakit.runpod;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The error body of a failed call: the RFC 9457 problem ({@code title}, {@code status}, {@code
 * detail}, {@code errors}) of schema {@code ErrorResponse}, or, for servers that answer otherwise,
 * the {@code error}/{@code message} text, and the raw body (with the API key removed).
 */
@Value.Immutable
public abstract class ErrorResponse {
  public abstract Optional<String> title();

  public abstract Optional<Integer> status();

  /** Human-readable explanation; the best text found in the body. */
  @Value.Default
  public String detail() {
    return "";
  }

  /** Individual validation failures of a 422. */
  public abstract List<String> errors();

  /** The body as received (at most 4 KiB). */
  @Value.Default
  public String raw() {
    return "";
  }

  public static ImmutableErrorResponse.Builder builder() {
    return ImmutableErrorResponse.builder();
  }
}
