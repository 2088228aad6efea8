package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.project.LoraProject;
import java.util.List;
import org.immutables.value.Value;

/**
 * Everything decided before a GPU is rented: the step budget, the checkpoint files the run will
 * leave, the sample interval, memory, time and cost estimates and the evaluation grid.
 *
 * <pre>{@code
 * TrainingPlan plan = TrainingPlanner.defaults().plan(project);
 * plan.budget().totalSteps();
 * plan.time().costUsd();
 * }</pre>
 */
@Value.Immutable
public abstract class TrainingPlan {
  public abstract LoraProject project();

  public abstract StepBudget budget();

  /** The same project in kohya sd-scripts' arithmetic, for comparison with other trainers. */
  public abstract StepBudget kohyaBudget();

  /** {@code sample_every}: as configured or one epoch. */
  public abstract int sampleEvery();

  /** The checkpoint files the run leaves, by step and epoch; the last is the final file. */
  public abstract List<Checkpoint> checkpoints();

  public abstract GpuType gpu();

  public abstract MemoryEstimate memory();

  public abstract TimeEstimate time();

  public abstract EvaluationGrid evaluation();

  /** Whether the estimated peak memory fits the GPU. */
  public boolean fitsGpu() {
    return memory().fits(gpu().memoryGb());
  }
}
