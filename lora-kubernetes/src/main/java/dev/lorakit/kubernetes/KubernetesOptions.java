package dev.lorakit.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where and how {@link KubernetesBackend} runs an arm: the namespace, the ai-toolkit image, the
 * volume (a PVC) and where this machine sees that volume, the GPU product, and the timings.
 *
 * <pre>{@code
 * KubernetesOptions options = KubernetesOptions.builder()
 *     .namespace("lora")
 *     .claimName("lora-training")            // a ReadWriteMany PVC
 *     .volumeRoot(Path.of("/mnt/lora-training")) // the same volume mounted here (NFS, ...)
 *     .gpuProduct("NVIDIA-L40S")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class KubernetesOptions {
  /** The image the Jobs run. */
  public static final String DEFAULT_IMAGE = "ostris/aitoolkit:0.12.26";

  /** ai-toolkit's folder in its image: the Dockerfile's {@code WORKDIR /app/ai-toolkit} (l.58). */
  public static final String AI_TOOLKIT_DIR = "/app/ai-toolkit";

  /** Where the training folder (the arm's sub-path of the volume) is mounted in the container. */
  public static final String TRAINING_MOUNT = "/training";

  /** Where the dataset (its sub-path of the volume) is mounted, read-only. */
  public static final String DATASET_MOUNT = "/dataset";

  /** Where the Hugging Face cache (its sub-path of the volume) is mounted; {@code HF_HOME}. */
  public static final String HF_MOUNT = "/hf-cache";

  /** Where the ConfigMap with {@code job.yaml} is mounted. */
  public static final String CONFIG_MOUNT = "/config";

  @Value.Default
  public String namespace() {
    return "default";
  }

  @Value.Default
  public String image() {
    return DEFAULT_IMAGE;
  }

  /** The PersistentVolumeClaim every Job mounts (ReadWriteMany when arms run at once). */
  public abstract String claimName();

  /**
   * The same volume as this machine sees it (an NFS or CSI mount of the claim's export): lorakit
   * reads checkpoints and samples from here and copies them home. In tests, a temp folder.
   */
  public abstract Path volumeRoot();

  /** The sub-path of the volume under which each arm gets its own folder. */
  @Value.Default
  public String armsSubPath() {
    return "lorakit/arms";
  }

  /** The sub-path of the volume holding the dataset folders the project names. */
  @Value.Default
  public String datasetSubPath() {
    return "dataset";
  }

  /**
   * The sub-path of the volume the Jobs share as their Hugging Face cache ({@code HF_HOME}), so the
   * base model is downloaded once per volume rather than once per arm.
   */
  @Value.Default
  public String hfCacheSubPath() {
    return "hf-cache";
  }

  /**
   * The GPU product for the node selector {@code nvidia.com/gpu.product} (the label NVIDIA's GPU
   * feature discovery sets, e.g. {@code NVIDIA-L40S}); empty: any node with a GPU.
   */
  public abstract Optional<String> gpuProduct();

  /** What one GPU hour costs on this cluster, in USD (0 for a cluster that bills nothing). */
  @Value.Default
  public double usdPerHour() {
    return 0;
  }

  /** How long a finished Job is kept before Kubernetes deletes it, should lorakit not. */
  @Value.Default
  public int ttlSecondsAfterFinished() {
    return 3600;
  }

  /** How often each arm's Job, log and folder are looked at. */
  @Value.Default
  public Duration pollInterval() {
    return Duration.ofSeconds(5);
  }

  /**
   * How long a stop waits for the next {@code save_every} checkpoint before it deletes the Job
   * anyway (keeping what was saved before).
   */
  @Value.Default
  public Duration stopTimeout() {
    return Duration.ofMinutes(30);
  }

  /** How many log lines each poll reads from the end of the pod's log. */
  @Value.Default
  public int logTailLines() {
    return 20;
  }

  @Value.Check
  protected void check() {
    if (pollInterval().isNegative() || pollInterval().isZero()) {
      throw new IllegalStateException("pollInterval must be positive: " + pollInterval());
    }
    if (!(usdPerHour() >= 0) || Double.isInfinite(usdPerHour())) {
      throw new IllegalStateException("usdPerHour must be 0 or more: " + usdPerHour());
    }
  }

  public static ImmutableKubernetesOptions.Builder builder() {
    return ImmutableKubernetesOptions.builder();
  }
}
