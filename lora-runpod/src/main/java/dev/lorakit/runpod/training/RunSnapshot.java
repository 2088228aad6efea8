package dev.lorakit.runpod.training;

import java.util.List;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * What the run's red-flag rules ({@link RunRules}) look at: the loss curve so far, the GPU memory
 * samples, and the trainer's samples next to the training images. {@link TrainingRun} builds one
 * after every poll; a user can build one from a finished run's journal.
 *
 * <pre>{@code
 * RunSnapshot s = RunSnapshot.builder().step(400).totalSteps(3000)
 *     .addLoss(RunSnapshot.Loss.of(10, OptionalDouble.of(0.41))).build();
 * ValidationReport r = RuleCatalogue.standard().check(RunRules.RUN, s);
 * }</pre>
 */
@Value.Immutable
public abstract class RunSnapshot {
  public abstract int step();

  public abstract int totalSteps();

  /** Points of {@code loss/loss} in step order. */
  public abstract List<Loss> loss();

  /** GPU memory used (MiB) at each monitor sample, in time order, while the job trained. */
  public abstract List<Double> memoryUsedMb();

  @Value.Default
  public double memoryTotalMb() {
    return 0;
  }

  /** The trainer's sample images downloaded so far. */
  public abstract List<ImageStats> samples();

  /** The training images (perceptual hash and saturation), read once at the start. */
  public abstract List<ImageStats> dataset();

  /** The dataset's mean saturation, empty without readable images. */
  @Value.Derived
  public OptionalDouble datasetSaturation() {
    return dataset().stream().mapToDouble(ImageStats::saturation).average();
  }

  public static ImmutableRunSnapshot.Builder builder() {
    return ImmutableRunSnapshot.builder();
  }

  /** One loss value; empty for what the UI returns as {@code null} (NaN or infinite). */
  @Value.Immutable
  public abstract static class Loss {
    @Value.Parameter
    public abstract int step();

    @Value.Parameter
    public abstract OptionalDouble value();

    /** The trainer's wall time of the step (epoch seconds), 0 when unknown. */
    @Value.Parameter
    public abstract double wallTime();

    public static Loss of(int step, OptionalDouble value) {
      return ImmutableLoss.of(step, value, 0);
    }

    public static Loss of(int step, OptionalDouble value, double wallTime) {
      return ImmutableLoss.of(step, value, wallTime);
    }
  }
}
