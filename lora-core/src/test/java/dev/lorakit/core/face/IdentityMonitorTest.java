package dev.lorakit.core.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityMonitorTest {
  private static CheckpointIdentity score(long step, double identity, double copycat) {
    return CheckpointIdentity.builder()
        .step(step)
        .samples(4)
        .faces(4)
        .identity(identity)
        .copycat(copycat)
        .build();
  }

  @Test
  void observe_risingIdentity_keepsGoing() {
    IdentityMonitor m = IdentityMonitor.create(IdentityMonitor.Policy.defaults());
    assertThat(m.observe(score(340, 0.40, 0.5))).isEmpty();
    assertThat(m.observe(score(680, 0.50, 0.6))).isEmpty();
    assertThat(m.observe(score(1020, 0.55, 0.6))).isEmpty();
    assertThat(m.observe(score(1360, 0.58, 0.7))).isEmpty();
  }

  @Test
  void observe_plateau_stopsAndKeepsTheBestStep() {
    IdentityMonitor m = IdentityMonitor.create(IdentityMonitor.Policy.defaults());
    m.observe(score(340, 0.40, 0.5));
    m.observe(score(680, 0.60, 0.6));
    assertThat(m.observe(score(1020, 0.605, 0.6))).isEmpty();
    Optional<IdentityMonitor.Stop> stop = m.observe(score(1360, 0.603, 0.6));
    assertThat(stop).isPresent();
    assertThat(stop.get().bestStep()).isEqualTo(1020);
    assertThat(stop.get().reason()).contains("plateaued");
  }

  @Test
  void observe_copying_stopsAtOnceAndKeepsTheLastCleanStep() {
    IdentityMonitor m = IdentityMonitor.create(IdentityMonitor.Policy.defaults());
    m.observe(score(340, 0.40, 0.5));
    Optional<IdentityMonitor.Stop> stop = m.observe(score(680, 0.70, 0.91));
    assertThat(stop).isPresent();
    assertThat(stop.get().bestStep()).isEqualTo(340);
    assertThat(stop.get().reason()).contains("copy a training face");
  }

  @Test
  void ranking_prefersHighestIdentityThatDoesNotCopy() {
    CheckpointRanking r =
        CheckpointRanking.of(
            java.util.List.of(
                score(200, 0.63, 0.49), score(400, 0.95, 0.74), score(800, 0.97, 1.0)),
            0.85);
    assertThat(r.ranked()).extracting(CheckpointIdentity::step).containsExactly(800L, 400L, 200L);
    assertThat(r.recommended()).map(CheckpointIdentity::step).contains(400L);
    assertThat(r.reason()).contains("1 checkpoint(s) with higher or equal scores copy");
  }
}
