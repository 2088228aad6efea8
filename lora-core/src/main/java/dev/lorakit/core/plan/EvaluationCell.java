package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import org.immutables.value.Value;

/** One image to generate when comparing checkpoints: a checkpoint, a prompt, a seed, a strength. */
@Value.Immutable
public abstract class EvaluationCell {
  public abstract Checkpoint checkpoint();

  /** The prompt with the trigger word filled in. */
  public abstract String prompt();

  /** Index of the prompt in {@link EvaluationGrid#prompts()}, from 0. */
  public abstract int promptIndex();

  public abstract long seed();

  /** LoRA strength (ComfyUI's {@code strength_model}). */
  public abstract double strength();
}
