package dev.lorakit.core.checkpoint;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One saved LoRA of a run: {@code maya_char_lora_000000340.safetensors} at step 340, or the
 * unsuffixed final file.
 */
@Value.Immutable
public abstract class Checkpoint {

  /** File name or path, with {@code /} separators. */
  public abstract String file();

  /** Training step from the file name or from {@code training_info}. */
  public abstract OptionalInt step();

  /** Epoch from {@code training_info}, or computed by the planner. */
  public abstract OptionalInt epoch();

  @Value.Default
  public CheckpointFormat format() {
    return CheckpointFormat.UNKNOWN;
  }

  /** The rank, when every module has the same one. */
  public abstract OptionalInt rank();

  public abstract OptionalDouble alpha();

  @Value.Default
  public long sizeBytes() {
    return 0;
  }

  /** The safetensors {@code __metadata__}, string to string. */
  public abstract Map<String, String> metadata();

  /** Whether this is the final save, which ai-toolkit writes without a step suffix. */
  @Value.Default
  public boolean isFinal() {
    return false;
  }

  public static ImmutableCheckpoint.Builder builder() {
    return ImmutableCheckpoint.builder();
  }
}
