package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One checkpoint of a {@link CheckpointSeries}: when it was saved and how large its weights are.
 */
@Value.Immutable
public abstract class SeriesRow {

  /** File name inside the run folder. */
  public abstract String file();

  /** The run name: the file name without the step or epoch suffix. */
  public abstract String run();

  public abstract OptionalInt step();

  public abstract OptionalInt epoch();

  public abstract boolean isFinal();

  public abstract long sizeBytes();

  @Value.Default
  public CheckpointFormat format() {
    return CheckpointFormat.UNKNOWN;
  }

  public abstract OptionalInt rank();

  public abstract OptionalDouble alpha();

  /** sqrt(sum over modules of ||scale * B * A||_F^2), when statistics were computed. */
  public abstract OptionalDouble totalDeltaNorm();

  public abstract OptionalDouble meanDeltaNorm();

  public abstract OptionalDouble meanAbs();

  public abstract OptionalDouble maxAbs();

  /**
   * totalDeltaNorm of this row divided by that of the previous row of the same run: above 1 means
   * the LoRA's change to the model grew since the last save.
   */
  public abstract OptionalDouble normGrowth();

  /** What ComfyUI's LoRA loader does with the file on a Qwen model, when it could be read. */
  public abstract Optional<ComfyUiLoad> comfyUi();

  /** Why the file could not be read, if it could not; the other values are then empty. */
  public abstract Optional<String> error();

  public static ImmutableSeriesRow.Builder builder() {
    return ImmutableSeriesRow.builder();
  }
}
