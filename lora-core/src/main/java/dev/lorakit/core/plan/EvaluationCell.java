package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import org.immutables.value.Value;

/** One image to generate when comparing checkpoints: a checkpoint, a prompt, a seed, a strength. */
@Value.Immutable
public abstract class EvaluationCell {
  public abstract Checkpoint checkpoint();

  /** The prompt with the trigger word filled in. */
  public abstract String prompt();

  public abstract long seed();

  /** LoRA strength (ComfyUI's {@code strength_model}). */
  public abstract double strength();
}
