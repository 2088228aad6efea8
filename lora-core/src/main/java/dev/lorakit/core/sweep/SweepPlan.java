package dev.lorakit.core.sweep;

import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import org.immutables.value.Value;

/**
 * A sweep before anything is rented: every arm (the cartesian product of the axes) checked by the
 * rules and planned, the projected total cost against the cap, and the wall time with {@code
 * parallel} arms at once.
 *
 * <pre>{@code
 * SweepPlan sweep = SweepPlan.of(project,
 *     List.of(SweepAxis.parse("lr=1e-4,2e-4,3e-4"), SweepAxis.parse("rank=8,16")),
 *     3, 60.0, TrainingPlanner.defaults());
 * sweep.arms().size();        // 6
 * sweep.withinCap();          // false when the six arms would cost more than $60
 * sweep.overCapUsd();         // by how much
 * }</pre>
 */
@Value.Immutable
public abstract class SweepPlan {
  public abstract LoraProject base();

  public abstract List<SweepAxis> axes();

  public abstract List<SweepArm> arms();

  /** How many arms train at once. */
  public abstract int parallel();

  /** The dollar cap over all arms. */
  public abstract double maxCostUsd();

  @Value.Check
  protected void check() {
    if (parallel() < 1) {
      throw new IllegalStateException("parallel must be at least 1: " + parallel());
    }
  }

  /**
   * Plans every arm of {@code axes} over {@code base}.
   *
   * @throws IllegalArgumentException when parallel is below 1, the cap is not positive, or two axes
   *     vary the same key
   */
  public static SweepPlan of(
      LoraProject base,
      List<SweepAxis> axes,
      int parallel,
      double maxCostUsd,
      TrainingPlanner planner) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(planner, "planner");
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1: " + parallel);
    }
    if (!(maxCostUsd > 0) || Double.isInfinite(maxCostUsd)) {
      throw new IllegalArgumentException("--max-cost must be a positive amount: " + maxCostUsd);
    }
    if (axes.stream().map(SweepAxis::key).distinct().count() != axes.size()) {
      throw new IllegalArgumentException("each setting may be varied once");
    }
    List<SweepArm> arms = new ArrayList<>();
    expand(base, axes, 0, new LinkedHashMap<>(), base.name(), planner, arms);
    return ImmutableSweepPlan.builder()
        .base(base)
        .axes(axes)
        .arms(arms)
        .parallel(parallel)
        .maxCostUsd(maxCostUsd)
        .build();
  }

  private static void expand(
      LoraProject project,
      List<SweepAxis> axes,
      int index,
      Map<String, String> changes,
      String name,
      TrainingPlanner planner,
      List<SweepArm> out) {
    if (index == axes.size()) {
      out.add(arm(project, changes, name, planner));
      return;
    }
    SweepAxis axis = axes.get(index);
    for (String value : axis.values()) {
      Map<String, String> more = new LinkedHashMap<>(changes);
      more.put(axis.key().id(), value);
      expand(
          axis.apply(project, value),
          axes,
          index + 1,
          more,
          name + "_" + axis.label(value),
          planner,
          out);
    }
  }

  private static SweepArm arm(
      LoraProject varied, Map<String, String> changes, String name, TrainingPlanner planner) {
    LoraProject project = LoraProject.builder().from(varied).name(name).build();
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    Optional<TrainingPlan> plan;
    try {
      plan = Optional.of(planner.plan(project));
    } catch (LoraValidationException e) {
      // The budget blockers are project rules: the report already names them.
      plan = Optional.empty();
    }
    return ImmutableSweepArm.builder()
        .name(name)
        .changes(changes)
        .project(project)
        .report(report)
        .plan(plan)
        .build();
  }

  /** The arms the rules let start. */
  public List<SweepArm> runnableArms() {
    return arms().stream().filter(SweepArm::runnable).toList();
  }

  /**
   * Projected cost of every runnable arm trained to its end; empty when an arm has no price (no
   * price in the project and none for its GPU).
   */
  public OptionalDouble projectedCostUsd() {
    double total = 0;
    for (SweepArm arm : runnableArms()) {
      OptionalDouble cost = arm.projectedCostUsd();
      if (cost.isEmpty()) {
        return OptionalDouble.empty();
      }
      total += cost.getAsDouble();
    }
    return OptionalDouble.of(total);
  }

  /** Whether the projection is known and at or below the cap. */
  public boolean withinCap() {
    return projectedCostUsd().isPresent() && projectedCostUsd().getAsDouble() <= maxCostUsd();
  }

  /** How far the projection exceeds the cap; 0 within it. */
  public double overCapUsd() {
    return Math.max(0, projectedCostUsd().orElse(Double.POSITIVE_INFINITY) - maxCostUsd());
  }

  /**
   * Projected wall hours with {@link #parallel()} arms at once, longest arm first onto the slot
   * that frees first (the order a scheduler would start them).
   */
  public double projectedWallHours() {
    PriorityQueue<Double> slots = new PriorityQueue<>();
    for (int i = 0; i < parallel(); i++) {
      slots.add(0.0);
    }
    List<SweepArm> byLength = new ArrayList<>(runnableArms());
    byLength.sort(Comparator.comparingDouble(SweepArm::projectedHours).reversed());
    double end = 0;
    for (SweepArm arm : byLength) {
      double start = slots.poll();
      double finish = start + arm.projectedHours();
      end = Math.max(end, finish);
      slots.add(finish);
    }
    return end;
  }
}
