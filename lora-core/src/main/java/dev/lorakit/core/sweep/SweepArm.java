package dev.lorakit.core.sweep;

import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.ValidationReport;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * One variant of a sweep: the project with its changes, the rules' verdict on it and its plan.
 *
 * <pre>{@code
 * SweepArm arm = sweep.arms().get(0);
 * arm.name();                 // "maya_lora_lr0.0001_r8"
 * arm.plan().map(p -> p.budget().totalSteps());
 * }</pre>
 */
@Value.Immutable
public abstract class SweepArm {
  /** {@code config.name} of the arm: the project's name plus one label per varied setting. */
  public abstract String name();

  /** The varied settings of this arm, key id to value as written. */
  public abstract Map<String, String> changes();

  public abstract LoraProject project();

  /** The project rules on this arm. */
  public abstract ValidationReport report();

  /** The plan, absent when the step budget cannot be computed (see {@link #report()}). */
  public abstract Optional<TrainingPlan> plan();

  /** Whether the arm may start: no ERROR and a plan. */
  public boolean runnable() {
    return !report().hasErrors() && plan().isPresent();
  }

  /** Projected cost of the whole arm (setup plus training) at the plan's price. */
  public OptionalDouble projectedCostUsd() {
    return plan().map(p -> p.time().costUsd()).orElse(OptionalDouble.empty());
  }

  /** Projected wall hours of the arm. */
  public double projectedHours() {
    return plan().map(p -> p.time().totalHours()).orElse(0.0);
  }
}
