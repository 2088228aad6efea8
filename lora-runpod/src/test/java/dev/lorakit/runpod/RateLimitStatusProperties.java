package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitStatusProperties {

  @Test
  void parse_anyHeaderText_neverThrows() {
    qt().forAll(
            strings().allPossible().ofLengthBetween(0, 80),
            strings().ascii().ofLengthBetween(0, 80))
        .checkAssert(
            (a, b) ->
                assertThat(RateLimitStatus.parse(Optional.of(a), Optional.of(b))).isNotNull());
  }

  @Test
  void parse_wellFormedHeaders_roundTripTheNumbers() {
    qt().forAll(
            integers().between(0, 100_000),
            integers().between(0, 86_400),
            integers().between(1, 100_000),
            integers().between(1, 86_400))
        .checkAssert(
            (r, t, q, w) -> {
              RateLimitStatus s =
                  RateLimitStatus.parse(
                          Optional.of("\"minute\";r=" + r + ";t=" + t + ", \"day\";r=1;t=2"),
                          Optional.of("\"minute\";q=" + q + ";w=" + w))
                      .orElseThrow();
              RateLimitWindow m = s.window("minute").orElseThrow();
              assertThat(m.remaining()).contains((long) r);
              assertThat(m.resetSeconds()).contains((long) t);
              assertThat(m.quota()).contains((long) q);
              assertThat(m.windowSeconds()).contains((long) w);
              assertThat(s.minRemaining()).contains(Math.min(1L, r));
            });
  }
}
