package dev.lorakit.core.training;

import jakarta.validation.constraints.Positive;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How long to train: in epochs, in steps, or both as the guide writes it ({@code steps: 3400,
 * epochs: 10}). ai-toolkit has no epochs key; the planner turns epochs into {@code train.steps},
 * and a rule reports when both are given and disagree.
 *
 * <pre>{@code
 * TrainingLength.epochs(10);
 * TrainingLength.steps(3400);
 * }</pre>
 */
@Value.Immutable
public abstract class TrainingLength {

  @Positive
  public abstract OptionalInt epochs();

  @Positive
  public abstract OptionalInt steps();

  public static TrainingLength epochs(int epochs) {
    return ImmutableTrainingLength.builder().epochs(epochs).build();
  }

  public static TrainingLength steps(int steps) {
    return ImmutableTrainingLength.builder().steps(steps).build();
  }

  public static TrainingLength of(int epochs, int steps) {
    return ImmutableTrainingLength.builder().epochs(epochs).steps(steps).build();
  }

  @Value.Check
  protected void check() {
    if (epochs().isEmpty() && steps().isEmpty()) {
      throw new IllegalStateException("a training length needs epochs, steps or both");
    }
  }
}
