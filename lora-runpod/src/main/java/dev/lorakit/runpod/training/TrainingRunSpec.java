package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.runpod.pod.Cloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Everything a {@link TrainingRun} needs. The job config is the ai-toolkit JSON as built by the
 * config writer; its {@code config.name} is the run's name.
 *
 * <pre>{@code
 * TrainingRunSpec spec = TrainingRunSpec.builder()
 *     .jobConfig(config)
 *     .putDataset("mychar", Path.of("dataset/40_mychar"))
 *     .maxCostUsd(10.0)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class TrainingRunSpec {
  /** The ai-toolkit job config ({@code {"job":"extension","config":{...}}}). */
  public abstract ObjectNode jobConfig();

  /** Dataset name on the pod ({@code [a-z0-9_]}) to local folder; files are uploaded flat. */
  public abstract Map<String, Path> datasets();

  @Value.Default
  public HardwareTarget hardware() {
    return HardwareTarget.builder().build();
  }

  /** GPU types to try after {@link #hardware()}'s, in order. */
  public abstract List<String> fallbackGpuTypeIds();

  @Value.Default
  public List<Cloud> clouds() {
    return List.of(Cloud.SECURE);
  }

  /** Skip placements whose live list price per GPU-hour is above this. */
  public abstract Optional<Double> maxPricePerGpuHour();

  /** The ai-toolkit image, pinned. */
  @Value.Default
  public String image() {
    return "ostris/aitoolkit:0.12.26";
  }

  /** Container disk in GB; the toolkit, models and outputs live there. */
  @Value.Default
  public int containerDiskGb() {
    return 150;
  }

  /** Where checkpoints and the run file go; {@code runs/<name>} when absent. */
  public abstract Optional<Path> outputDir();

  public abstract Optional<Double> maxCostUsd();

  public abstract Optional<Duration> maxWallTime();

  /** UI address; {@code {podId}} is replaced. */
  @Value.Default
  public String proxyUrlTemplate() {
    return "https://{podId}-8675.proxy.runpod.net";
  }

  @Value.Default
  public Duration pollInterval() {
    return Duration.ofSeconds(30);
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

  /** The UI queue: the first GPU of a single-GPU pod. */
  @Value.Default
  public String gpuIds() {
    return "0";
  }

  /** {@code config.name}: job name, pod name prefix and output folder name. */
  public String runName() {
    return jobConfig().path("config").path("name").asText("");
  }

  public Path resolvedOutputDir() {
    return outputDir().orElse(Path.of("runs", runName()));
  }

  public static ImmutableTrainingRunSpec.Builder builder() {
    return ImmutableTrainingRunSpec.builder();
  }
}
