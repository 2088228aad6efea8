package dev.lorakit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.sweep.TrainerBackendFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class KubernetesBackendFactoryTest {
  @Test
  void serviceLoader_findsTheFactoryByName() {
    assertThat(ServiceLoader.load(TrainerBackendFactory.class).stream().map(p -> p.get().name()))
        .contains("kubernetes");
  }

  @Test
  void options_fromTheCliMap() {
    KubernetesOptions o =
        KubernetesBackendFactory.options(
            Map.of(
                "claim", "lora-training",
                "volume-root", "/mnt/lora",
                "namespace", "studio",
                "gpu-product", "NVIDIA-H100-80GB-HBM3",
                "usd-per-hour", "2.5",
                "poll-seconds", "2",
                "stop-timeout-minutes", "45"));
    assertThat(o.claimName()).isEqualTo("lora-training");
    assertThat(o.volumeRoot()).isEqualTo(Path.of("/mnt/lora"));
    assertThat(o.namespace()).isEqualTo("studio");
    assertThat(o.gpuProduct()).contains("NVIDIA-H100-80GB-HBM3");
    assertThat(o.usdPerHour()).isEqualTo(2.5);
    assertThat(o.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.stopTimeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(o.image()).isEqualTo("ostris/aitoolkit:0.12.26");
  }

  @Test
  void options_theSweepsVolumeOption_isTheClaim() {
    assertThat(
            KubernetesBackendFactory.options(
                    Map.of("volume", "lora-training", "volume-root", "/mnt"))
                .claimName())
        .isEqualTo("lora-training");
  }

  @Test
  void options_missingOrUnknownOrMalformed_nameTheKey() {
    assertThatThrownBy(() -> KubernetesBackendFactory.options(Map.of("volume-root", "/mnt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claim");
    assertThatThrownBy(
            () ->
                KubernetesBackendFactory.options(
                    Map.of("claim", "c", "volume-root", "/mnt", "namespcae", "x")))
        .hasMessageContaining("namespcae");
    assertThatThrownBy(
            () ->
                KubernetesBackendFactory.options(
                    Map.of("claim", "c", "volume-root", "/mnt", "usd-per-hour", "cheap")))
        .hasMessageContaining("usd-per-hour");
    assertThatThrownBy(
            () ->
                KubernetesBackendFactory.options(
                    Map.of("claim", "c", "volume-root", "/mnt", "poll-seconds", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollInterval");
  }
}
