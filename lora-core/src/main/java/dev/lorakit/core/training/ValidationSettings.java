package dev.lorakit.core.training;

import jakarta.validation.constraints.Positive;
import java.util.List;
import org.immutables.value.Value;

/**
 * ai-toolkit's validation loss ({@code train.validation_config}, {@code ValidationConfig} in {@code
 * toolkit/config_modules.py} l.346-354 at 27a03a91): held-out image and prompt pairs whose loss is
 * measured at fixed sigmas every N steps and logged as {@code val/loss}.
 *
 * <pre>{@code
 * ValidationSettings v = ValidationSettings.builder()
 *     .addItem(ValidationSettings.Item.of("val/maya_01.jpg", "[trigger] in a red coat"))
 *     .everyNSteps(250)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class ValidationSettings {

  /** {@code validation_items}: image path (dataset-relative) and prompt. */
  public abstract List<Item> items();

  /** {@code resolution}; the trainer's default is 512. */
  @Value.Default
  @Positive
  public int resolution() {
    return 512;
  }

  /** {@code validate_every_n_steps}; the trainer's default is 10. */
  @Value.Default
  @Positive
  public int everyNSteps() {
    return 10;
  }

  /** {@code validation_sigmas}; the trainer's default is 1.0, 0.75, 0.5, 0.25. */
  @Value.Default
  public List<Double> sigmas() {
    return List.of(1.0, 0.75, 0.5, 0.25);
  }

  public static ImmutableValidationSettings.Builder builder() {
    return ImmutableValidationSettings.builder();
  }

  /** One {@code ValidationItem}: {@code image_path} and {@code prompt}. */
  @Value.Immutable
  public abstract static class Item {
    @Value.Parameter
    public abstract String imagePath();

    @Value.Parameter
    public abstract String prompt();

    public static Item of(String imagePath, String prompt) {
      return ImmutableItem.of(imagePath, prompt);
    }
  }
}
