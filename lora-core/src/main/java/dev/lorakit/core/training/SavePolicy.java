package dev.lorakit.core.training;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * When checkpoints are written and how many are kept ({@code save} section).
 *
 * <p>Without an explicit {@code saveEvery}, the planner saves once per epoch, which is what the
 * guide means by "save every epoch".
 */
@Value.Immutable
public abstract class SavePolicy {

  /** Loop steps between saves; empty means one epoch, computed by the planner. */
  @Positive
  public abstract OptionalInt saveEvery();

  /** {@code max_step_saves_to_keep}: older step files are deleted while training runs. */
  @Value.Default
  @Min(1)
  public int keep() {
    return 10;
  }

  @Value.Default
  public Precision dtype() {
    return Precision.FP16;
  }

  public static ImmutableSavePolicy.Builder builder() {
    return ImmutableSavePolicy.builder();
  }
}
