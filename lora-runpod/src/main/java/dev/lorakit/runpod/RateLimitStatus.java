package dev.lorakit.runpod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Rate-limit state from the IETF draft headers every authenticated v2 response carries, e.g. {@code
 * RateLimit: "minute";r=0;t=12, "hour";r=2800;t=1812}.
 *
 * <pre>{@code
 * client.lastRateLimit().flatMap(r -> r.window("minute")).flatMap(RateLimitWindow::remaining)
 * }</pre>
 */
@Value.Immutable
public abstract class RateLimitStatus {
  public abstract List<RateLimitWindow> windows();

  public Optional<RateLimitWindow> window(String name) {
    return windows().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** The smallest {@code remaining} over all windows, if any window reports one. */
  public Optional<Long> minRemaining() {
    return windows().stream()
        .map(RateLimitWindow::remaining)
        .flatMap(Optional::stream)
        .min(Long::compare);
  }

  /**
   * Parses the two headers; either may be absent. Returns empty when neither yields a window.
   * Malformed members are skipped, never thrown.
   */
  public static Optional<RateLimitStatus> parse(
      Optional<String> rateLimit, Optional<String> rateLimitPolicy) {
    Map<String, ImmutableRateLimitWindow.Builder> byName = new LinkedHashMap<>();
    rateLimit.ifPresent(
        h ->
            members(h)
                .forEach(
                    (name, params) -> {
                      ImmutableRateLimitWindow.Builder b =
                          byName.computeIfAbsent(name, n -> RateLimitWindow.builder().name(n));
                      number(params.get("r")).ifPresent(b::remaining);
                      number(params.get("t")).ifPresent(b::resetSeconds);
                    }));
    rateLimitPolicy.ifPresent(
        h ->
            members(h)
                .forEach(
                    (name, params) -> {
                      ImmutableRateLimitWindow.Builder b =
                          byName.computeIfAbsent(name, n -> RateLimitWindow.builder().name(n));
                      number(params.get("q")).ifPresent(b::quota);
                      number(params.get("w")).ifPresent(b::windowSeconds);
                    }));
    if (byName.isEmpty()) {
      return Optional.empty();
    }
    List<RateLimitWindow> windows = new ArrayList<>();
    byName.values().forEach(b -> windows.add(b.build()));
    return Optional.of(ImmutableRateLimitStatus.builder().windows(windows).build());
  }

  private static Map<String, Map<String, String>> members(String header) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String member : header.split(",")) {
      String[] parts = member.trim().split(";");
      if (parts.length == 0 || parts[0].isBlank()) {
        continue;
      }
      String name = parts[0].trim();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          params.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
      }
      out.put(name, params);
    }
    return out;
  }

  private static Optional<Long> number(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
