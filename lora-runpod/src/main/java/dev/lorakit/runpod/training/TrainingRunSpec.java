package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.core.project.JobConfigWriter;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.runpod.pod.Cloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.immutables.value.Value;

/**
 * Everything a {@link TrainingRun} needs. The job config is the ai-toolkit JSON as built by the
 * config writer; its {@code config.name} is the run's name.
 *
 * <pre>{@code
 * TrainingRunSpec spec = TrainingRunSpec.forProject(project, datasetRoot, AiToolkitWriter.create())
 *     .withMaxCostUsd(10.0);
 * // or by hand:
 * TrainingRunSpec.builder()
 *     .job(JobConfig.parse(uiJson))
 *     .putDataset("mychar", Path.of("dataset/40_mychar"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class TrainingRunSpec {
  /** The ai-toolkit job config ({@code {"job":"extension","config":{...}}}), immutable. */
  public abstract JobConfig job();

  /** A fresh tree of {@link #job()}; changing it does not change this spec. */
  public ObjectNode jobConfig() {
    return job().json();
  }

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

  /**
   * When the GPU has no capacity, move on by itself: the same GPU on the other cloud (unless {@link
   * #pinCloud()}), then every other GPU of the live catalog with at least {@link #minGpuMemoryGb()}
   * GB, cheapest first, after the explicit {@link #fallbackGpuTypeIds()}.
   */
  @Value.Default
  public boolean autoFallback() {
    return true;
  }

  /** Keep to {@link #clouds()}: no move to the other cloud. */
  @Value.Default
  public boolean pinCloud() {
    return false;
  }

  /**
   * The planned GPU memory; catalog fallbacks need at least this. The primary GPU's when absent.
   */
  public abstract Optional<Integer> minGpuMemoryGb();

  /** Data centres to place the pod in, in order; any when empty (the volume's with a volume). */
  public abstract List<String> dataCenterIds();

  /**
   * A RunPod network volume (by name, created when missing) mounted over the training folder, so
   * checkpoints outlive a lost pod and a new pod resumes the job from its newest save.
   */
  public abstract Optional<String> networkVolume();

  @Value.Default
  public int networkVolumeSizeGb() {
    return 50;
  }

  /** A running job whose step does not advance this long is treated as lost. */
  @Value.Default
  public Duration stallTimeout() {
    return Duration.ofMinutes(20);
  }

  /** How many times a lost pod or a stalled job is replaced before the run fails. */
  @Value.Default
  public int maxRecoveries() {
    return 3;
  }

  /** How long to wait for the checkpoint {@code save_now} asks for before a stop. */
  @Value.Default
  public Duration saveNowTimeout() {
    return Duration.ofMinutes(15);
  }

  /** Stop the run (saving first) at a red flag of this severity or worse. */
  public abstract Optional<Severity> stopOn();

  /** Where the measured seconds per step go; nothing is recorded without a key. */
  public abstract Optional<SpeedLog.Key> speedKey();

  /** The speed log file; {@link SpeedLog#standard()} when absent. */
  public abstract Optional<Path> speedLogFile();

  /** Download the trainer's samples as they appear (the sample red flags need them). */
  @Value.Default
  public boolean downloadSamples() {
    return true;
  }

  /** The UI queue: the first GPU of a single-GPU pod. */
  @Value.Default
  public String gpuIds() {
    return "0";
  }

  /**
   * The prefix of the run's pod name, before the random suffix ({@link
   * dev.lorakit.runpod.PodLauncher#uniqueName}); {@code lorakit-<runName>} by default. A sweep puts
   * its own name here so that its pods can be listed by prefix.
   */
  @Value.Default
  public String podNamePrefix() {
    return "lorakit-" + runName();
  }

  /** {@code config.name}: job name, pod name prefix and output folder name. */
  public String runName() {
    return job().name();
  }

  public Path resolvedOutputDir() {
    return outputDir().orElse(Path.of("runs", runName()));
  }

  /**
   * The run of a project: its folders mapped onto the UI's dataset paths ({@link PodDatasets}), its
   * UI job written by {@code writer} with the UI's training folder, its hardware target.
   *
   * @throws dev.lorakit.core.validation.LoraValidationException when the writer refuses the project
   *     (the trainer would fail on it)
   * @throws IllegalArgumentException when the written job cannot run under the UI ({@link
   *     TrainingRun#configProblems}), a bug of the writer
   */
  public static TrainingRunSpec forProject(
      LoraProject project, Path datasetRoot, JobConfigWriter writer) {
    PodDatasets pod = PodDatasets.of(project, datasetRoot);
    JobConfig job = JobConfig.parse(writer.toUiJson(pod.project(), PodDatasets.OUTPUT_ROOT));
    TrainingRunSpec spec =
        builder().job(job).datasets(pod.uploads()).hardware(project.hardware()).build();
    List<String> problems = TrainingRun.configProblems(spec);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the job config cannot run in the ai-toolkit UI: " + problems);
    }
    return spec;
  }

  /**
   * The run of a project with the planner's facts filled in, as {@code lorakit runpod launch}
   * builds it: the job written with the real image sizes (keyed by the folders' pod paths, so the
   * config's per-bucket step budget is the plan's), the GPU memory the plan needs (so a capacity
   * fallback never picks a smaller GPU), and the speed-log key (so the measured seconds per step
   * feed later plans).
   *
   * <pre>{@code
   * TrainingRunSpec spec = TrainingRunSpec.forProject(project, datasetRoot,
   *     preflight.imageSizes(), sizes -> AiToolkitWriter.create().withImageSizes(sizes));
   * }</pre>
   *
   * @param imageSizes image sizes per local folder path, as the dataset scan gives them
   * @param writerForSizes the job writer for image sizes keyed by pod folder path
   * @throws dev.lorakit.core.validation.LoraValidationException when the writer refuses the project
   * @throws IllegalArgumentException when the written job cannot run under the UI
   */
  public static TrainingRunSpec forProject(
      LoraProject project,
      Path datasetRoot,
      Map<String, ? extends List<ImageSize>> imageSizes,
      Function<Map<String, List<ImageSize>>, JobConfigWriter> writerForSizes) {
    PodDatasets pod = PodDatasets.of(project, datasetRoot);
    Map<String, String> podPaths = PodDatasets.podPaths(project, pod.project());
    Map<String, List<ImageSize>> sizes = new LinkedHashMap<>();
    imageSizes.forEach(
        (folder, list) -> sizes.put(podPaths.getOrDefault(folder, folder), List.copyOf(list)));
    TrainingRunSpec base = forProject(project, datasetRoot, writerForSizes.apply(sizes));
    ImmutableTrainingRunSpec.Builder b = builder().from(base).speedKey(SpeedLog.Key.of(project));
    try {
      double gb = TrainingPlanner.defaults().plan(project).memory().totalGb();
      b.minGpuMemoryGb((int) Math.ceil(gb));
    } catch (LoraValidationException e) {
      // the writer accepted the project, so the planner's refusal is about counts it cannot know
      // (an empty folder); the primary GPU's memory then bounds the fallback
    }
    return b.build();
  }

  public static ImmutableTrainingRunSpec.Builder builder() {
    return ImmutableTrainingRunSpec.builder();
  }
}
