package dev.lorakit.runpod;

import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A request as it would be sent, for dry runs: method, full URL, headers with the API key replaced
 * by {@code ****}, and the JSON body with secret-looking env values masked.
 *
 * <pre>{@code
 * System.out.println(client.dryRun().createPod(request).toText());
 * }</pre>
 */
@Value.Immutable
public abstract class RenderedRequest {
  public abstract String method();

  public abstract String url();

  public abstract Map<String, String> headers();

  /** Pretty-printed JSON body, secrets masked. */
  public abstract Optional<String> body();

  /** HTTP-like text: request line, headers, blank line, body. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(method()).append(' ').append(url()).append('\n');
    headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    body().ifPresent(b -> sb.append('\n').append(b).append('\n'));
    return sb.toString();
  }

  public static ImmutableRenderedRequest.Builder builder() {
    return ImmutableRenderedRequest.builder();
  }
}
