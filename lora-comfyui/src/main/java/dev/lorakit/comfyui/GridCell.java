package dev.lorakit.comfyui;

import dev.lorakit.core.plan.EvaluationCell;
import org.immutables.value.Value;

/**
 * One cell of the evaluation grid as ComfyUI runs it: the cell, the {@code lora_name} it loads, the
 * {@code SaveImage} prefix its images get, and the graph.
 *
 * <pre>{@code
 * GridCell c = QwenWorkflows.grid(spec, plan.evaluation()).get(0);
 * c.filenamePrefix(); // eval/maya_lora_000001000_p0_s42_m0.6
 * }</pre>
 */
@Value.Immutable
public abstract class GridCell {
  /** 1-based position in the grid, checkpoint-major. */
  public abstract int number();

  public abstract EvaluationCell cell();

  public abstract String loraName();

  public abstract String filenamePrefix();

  public abstract Workflow workflow();

  public static ImmutableGridCell.Builder builder() {
    return ImmutableGridCell.builder();
  }
}
