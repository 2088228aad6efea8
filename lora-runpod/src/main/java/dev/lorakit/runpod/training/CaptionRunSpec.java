package dev.lorakit.runpod.training;

import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.runpod.pod.Cloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Everything a {@link CaptionRun} needs: the images to caption, grouped by the UI dataset they are
 * uploaded to, the ai-toolkit caption job, and the pod.
 *
 * <pre>{@code
 * CaptionRunSpec spec = CaptionRunSpec.builder()
 *     .runName("captions-maya")
 *     .putImage("40_maya_char", List.of(Path.of("dataset/40_maya_char/img1.jpg")))
 *     .outputDir(Path.of("dataset/.lorakit/captions-pod"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class CaptionRunSpec {
  /** Names the job and the pod ({@code lorakit-<runName>-<suffix>}); {@code [a-z0-9_-]}. */
  public abstract String runName();

  /** UI dataset name ({@code [a-z0-9_]}) to the local images uploaded into it, flat. */
  public abstract Map<String, List<Path>> images();

  @Value.Default
  public CaptionJob job() {
    return CaptionJob.builder().build();
  }

  /** The GPU (its {@link HardwareTarget#gpuType()}) and cloud of the pod. */
  @Value.Default
  public HardwareTarget hardware() {
    return HardwareTarget.builder().build();
  }

  /** GPU types to try after the primary one when there is no capacity, in order. */
  public abstract List<String> fallbackGpuTypeIds();

  @Value.Default
  public List<Cloud> clouds() {
    return List.of(Cloud.SECURE, Cloud.COMMUNITY);
  }

  /** The ai-toolkit image, pinned as the training run's. */
  @Value.Default
  public String image() {
    return "ostris/aitoolkit:0.12.26";
  }

  /** Container disk in GB: the captioner's weights are downloaded there. */
  @Value.Default
  public int containerDiskGb() {
    return 100;
  }

  /** Where the journal and the run's job config go. */
  public abstract Path outputDir();

  public abstract Optional<Double> maxCostUsd();

  /** The whole run (pod start, model download, captioning) must end within this. */
  @Value.Default
  public Duration maxWallTime() {
    return Duration.ofHours(2);
  }

  @Value.Default
  public String proxyUrlTemplate() {
    return "https://{podId}-8675.proxy.runpod.net";
  }

  @Value.Default
  public Duration pollInterval() {
    return Duration.ofSeconds(15);
  }

  @Value.Default
  public Duration podReadyTimeout() {
    return Duration.ofMinutes(20);
  }

  @Value.Default
  public Duration uiReadyTimeout() {
    return Duration.ofMinutes(15);
  }

  @Value.Default
  public long uploadBatchBytes() {
    return 50L * 1024 * 1024;
  }

  @Value.Default
  public String gpuIds() {
    return "0";
  }

  @Value.Check
  protected void check() {
    if (!runName().matches("[a-z0-9_-]+")) {
      throw new IllegalArgumentException("runName must be [a-z0-9_-]: " + runName());
    }
    for (String ds : images().keySet()) {
      if (!ds.matches("[a-z0-9_]+")) {
        throw new IllegalArgumentException("dataset name must be lower-case [a-z0-9_]: " + ds);
      }
    }
    if (images().values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("no images to caption");
    }
  }

  public static ImmutableCaptionRunSpec.Builder builder() {
    return ImmutableCaptionRunSpec.builder();
  }
}
