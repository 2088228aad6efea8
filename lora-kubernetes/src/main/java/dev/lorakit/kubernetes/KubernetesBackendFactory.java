package dev.lorakit.kubernetes;

import dev.lorakit.core.sweep.TrainerBackend;
import dev.lorakit.core.sweep.TrainerBackendFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --backend kubernetes}: a {@link KubernetesBackend} on the kubeconfig's cluster, from the
 * options {@code claim} (required; {@code volume} is the same), {@code volume-root} (required),
 * {@code namespace}, {@code image}, {@code gpu-product}, {@code usd-per-hour}, {@code
 * arms-sub-path}, {@code dataset-sub-path}, {@code hf-cache-sub-path}, {@code poll-seconds}, {@code
 * stop-timeout-minutes}.
 *
 * <pre>{@code
 * TrainerBackend k8s = new KubernetesBackendFactory()
 *     .create(Map.of("claim", "lora-training", "volume-root", "/mnt/lora-training"));
 * }</pre>
 */
public final class KubernetesBackendFactory implements TrainerBackendFactory {
  static final Set<String> KEYS =
      Set.of(
          "namespace",
          "image",
          "claim",
          "volume",
          "volume-root",
          "gpu-product",
          "usd-per-hour",
          "arms-sub-path",
          "dataset-sub-path",
          "hf-cache-sub-path",
          "poll-seconds",
          "stop-timeout-minutes");

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public TrainerBackend create(Map<String, String> options) {
    return KubernetesBackend.fromKubeconfig(options(options));
  }

  /** The options a map names; {@link IllegalArgumentException} naming the key otherwise. */
  static KubernetesOptions options(Map<String, String> map) {
    Set<String> unknown = new TreeSet<>(map.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown kubernetes option(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
    }
    // --volume NAME (the sweep's volume option) names the claim as well
    String claim = map.containsKey("claim") ? map.get("claim") : map.get("volume");
    if (claim == null || claim.isBlank()) {
      throw new IllegalArgumentException(
          "the kubernetes backend needs the option claim (the PersistentVolumeClaim; --volume)");
    }
    var b = KubernetesOptions.builder().claimName(claim);
    b.volumeRoot(Path.of(required(map, "volume-root")));
    if (map.containsKey("namespace")) {
      b.namespace(map.get("namespace"));
    }
    if (map.containsKey("image")) {
      b.image(map.get("image"));
    }
    if (map.containsKey("gpu-product")) {
      b.gpuProduct(map.get("gpu-product"));
    }
    if (map.containsKey("arms-sub-path")) {
      b.armsSubPath(map.get("arms-sub-path"));
    }
    if (map.containsKey("dataset-sub-path")) {
      b.datasetSubPath(map.get("dataset-sub-path"));
    }
    if (map.containsKey("hf-cache-sub-path")) {
      b.hfCacheSubPath(map.get("hf-cache-sub-path"));
    }
    if (map.containsKey("usd-per-hour")) {
      b.usdPerHour(number(map, "usd-per-hour"));
    }
    if (map.containsKey("poll-seconds")) {
      b.pollInterval(Duration.ofMillis(Math.round(number(map, "poll-seconds") * 1000)));
    }
    if (map.containsKey("stop-timeout-minutes")) {
      b.stopTimeout(Duration.ofSeconds(Math.round(number(map, "stop-timeout-minutes") * 60)));
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> map, String key) {
    String v = map.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("the kubernetes backend needs the option " + key);
    }
    return v;
  }

  private static double number(Map<String, String> map, String key) {
    try {
      double d = Double.parseDouble(map.get(key));
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "kubernetes option " + key + " '" + map.get(key) + "' is not a number of 0 or more", e);
    }
  }
}
