package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Turns a project into a {@link TrainingPlan}. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrainingPlan plan = TrainingPlanner.defaults()
 *     .withSecondsPerStep(4.2)          // measured on your pod
 *     .plan(project);
 * }</pre>
 */
public final class TrainingPlanner {
  private final Map<String, List<ImageSize>> imageSizes;
  private final OptionalDouble measuredSecondsPerStep;
  private final OptionalDouble pricePerHour;
  private final int evaluationCheckpoints;

  private TrainingPlanner(
      Map<String, List<ImageSize>> imageSizes,
      OptionalDouble measuredSecondsPerStep,
      OptionalDouble pricePerHour,
      int evaluationCheckpoints) {
    this.imageSizes = Map.copyOf(imageSizes);
    this.measuredSecondsPerStep = measuredSecondsPerStep;
    this.pricePerHour = pricePerHour;
    this.evaluationCheckpoints = evaluationCheckpoints;
  }

  /**
   * Table-based time, the project's price or the GPU's reference price, 4 evaluated checkpoints.
   */
  public static TrainingPlanner defaults() {
    return new TrainingPlanner(Map.of(), OptionalDouble.empty(), OptionalDouble.empty(), 4);
  }

  /** Real image sizes per folder path, for per-bucket batch counts. */
  public TrainingPlanner withImageSizes(Map<String, List<ImageSize>> sizes) {
    return new TrainingPlanner(sizes, measuredSecondsPerStep, pricePerHour, evaluationCheckpoints);
  }

  /** A measured seconds-per-step figure, which replaces the planning table. */
  public TrainingPlanner withSecondsPerStep(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds per step must be positive: " + seconds);
    }
    return new TrainingPlanner(
        imageSizes, OptionalDouble.of(seconds), pricePerHour, evaluationCheckpoints);
  }

  /** A price per GPU hour in USD, such as the live RunPod price. */
  public TrainingPlanner withPricePerHour(double usd) {
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new IllegalArgumentException("price must be non-negative: " + usd);
    }
    return new TrainingPlanner(
        imageSizes, measuredSecondsPerStep, OptionalDouble.of(usd), evaluationCheckpoints);
  }

  public TrainingPlanner withEvaluationCheckpoints(int count) {
    return new TrainingPlanner(imageSizes, measuredSecondsPerStep, pricePerHour, count);
  }

  /**
   * Plans the project.
   *
   * @throws LoraValidationException when no step budget can be computed (image counts unknown, or
   *     no training folder), carrying the report that says why
   */
  public TrainingPlan plan(LoraProject project) {
    Objects.requireNonNull(project, "project");
    StepBudget budget =
        StepBudget.compute(project, TrainerSemantics.AI_TOOLKIT, imageSizes)
            .orElseThrow(() -> new LoraValidationException(BudgetRules.blockers(project)));
    StepBudget kohya =
        StepBudget.compute(project, TrainerSemantics.KOHYA, imageSizes).orElse(budget);
    GpuType gpu =
        GpuType.find(project.hardware().gpuType())
            .orElseGet(
                () ->
                    ImmutableGpuType.builder()
                        .id(project.hardware().gpuType())
                        .displayName(project.hardware().gpuType())
                        .memoryGb(project.hardware().memoryGb())
                        .bf16Tflops(GpuType.find(GpuType.REFERENCE).orElseThrow().bf16Tflops())
                        .build());
    double seconds =
        measuredSecondsPerStep.isPresent()
            ? measuredSecondsPerStep.getAsDouble()
            : TimeEstimate.tableSecondsPerStep(project, budget, gpu);
    OptionalDouble price =
        pricePerHour.isPresent()
            ? pricePerHour
            : project.hardware().pricePerHour().isPresent()
                ? OptionalDouble.of(project.hardware().pricePerHour().get())
                : gpu.referencePricePerHour();
    List<Checkpoint> checkpoints = checkpoints(project, budget);
    return ImmutableTrainingPlan.builder()
        .project(project)
        .budget(budget)
        .kohyaBudget(kohya)
        .sampleEvery(budget.sampleEvery())
        .checkpoints(checkpoints)
        .gpu(gpu)
        .memory(MemoryEstimate.of(project))
        .time(
            TimeEstimate.of(
                seconds, measuredSecondsPerStep.isPresent(), budget.totalSteps(), price))
        .evaluation(EvaluationGrid.of(project, checkpoints, evaluationCheckpoints))
        .build();
  }

  /**
   * The files ai-toolkit leaves: {@code <name>_<9-digit step>.safetensors}, then {@code
   * <name>.safetensors}, each with the epoch ai-toolkit records in its {@code training_info}
   * ({@link StepBudget#recordedEpochAt(int)}: the file {@code _<s>} holds {@code s + 1} steps, and
   * a 10-epoch run's final file records epoch 9).
   */
  static List<Checkpoint> checkpoints(LoraProject project, StepBudget budget) {
    List<Integer> steps = budget.checkpointSteps();
    List<Checkpoint> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      int step = steps.get(i);
      boolean last = i == steps.size() - 1;
      out.add(
          Checkpoint.builder()
              .file(
                  last
                      ? project.name() + ".safetensors"
                      : String.format(Locale.ROOT, "%s_%09d.safetensors", project.name(), step))
              .step(step)
              .epoch(budget.recordedEpochAt(step))
              .format(CheckpointFormat.PEFT)
              .rank(project.training().network().rank())
              .alpha(project.training().network().rank())
              .isFinal(last)
              .build());
    }
    return out;
  }
}
