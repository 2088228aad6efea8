package dev.lorakit.core.plan;

import dev.lorakit.core.project.LoraProject;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * Wall time and cost of a run, from seconds per step and a price per hour.
 *
 * <p>Seconds per step are either measured by the user (ai-toolkit's UI shows {@code sec/iter}) or
 * come from the planning table: {@value #REFERENCE_SECONDS_PER_IMAGE} s per 1024 px image with one
 * control image on the reference GPU (the only published figure: ai-toolkit issue #683 reports 5.5
 * s/it for Edit-2509 before a regression doubled it, GPU not stated), scaled linearly by tokens per
 * sample and by the GPU's BF16 throughput against the L40S. Treat table-based times as +-2x.
 */
@Value.Immutable
public abstract class TimeEstimate {
  public static final double REFERENCE_SECONDS_PER_IMAGE = 5.5;
  static final double REFERENCE_TOKENS = 8192;

  /** Image pull, model download, quantization and latent caching before step 1. */
  public static final double SETUP_HOURS = 0.25;

  public abstract double secondsPerStep();

  /**
   * Whether {@link #secondsPerStep()} was measured by the user rather than taken from the table.
   */
  public abstract boolean measured();

  public abstract int steps();

  public abstract OptionalDouble pricePerHour();

  @Value.Derived
  public double trainingHours() {
    return secondsPerStep() * steps() / 3600.0;
  }

  /** Training plus setup. */
  @Value.Derived
  public double totalHours() {
    return trainingHours() + SETUP_HOURS;
  }

  /** Cost in USD at the price per hour, when one is known. */
  public OptionalDouble costUsd() {
    return pricePerHour().isPresent()
        ? OptionalDouble.of(totalHours() * pricePerHour().getAsDouble())
        : OptionalDouble.empty();
  }

  /** The table's seconds per step for a project on a GPU. */
  public static double tableSecondsPerStep(LoraProject project, StepBudget budget, GpuType gpu) {
    int resolution = project.training().resolutions().stream().mapToInt(i -> i).max().orElse(1024);
    double tokens = MemoryEstimate.tokensPerSample(project, resolution);
    double perImage =
        REFERENCE_SECONDS_PER_IMAGE
            * tokens
            / REFERENCE_TOKENS
            * (GpuType.find(GpuType.REFERENCE).orElseThrow().bf16Tflops() / gpu.bf16Tflops());
    return perImage * budget.batchSize() * budget.batchesPerStep();
  }

  public static TimeEstimate of(
      double secondsPerStep, boolean measured, int steps, OptionalDouble pricePerHour) {
    return ImmutableTimeEstimate.builder()
        .secondsPerStep(secondsPerStep)
        .measured(measured)
        .steps(steps)
        .pricePerHour(pricePerHour)
        .build();
  }
}
