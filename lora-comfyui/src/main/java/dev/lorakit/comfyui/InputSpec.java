package dev.lorakit.comfyui;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * One input of a node class as its {@code INPUT_TYPES} declares it: a link type ({@code MODEL},
 * {@code CONDITIONING}...), a widget ({@code INT}, {@code FLOAT}, {@code STRING}, {@code BOOLEAN})
 * with its min and max, or a list of allowed values. A list is either fixed ({@link #options()},
 * such as the sampler names) or the files of a ComfyUI model folder ({@link #folder()}, such as
 * {@code loras}), which only a {@link ModelInventory} knows.
 *
 * <pre>{@code
 * InputSpec steps = InputSpec.builder().name("steps").type("INT").min(1).max(10000).build();
 * }</pre>
 */
@Value.Immutable
public abstract class InputSpec {
  /** The type string that marks a list of values in lorakit's table. */
  public static final String LIST = "COMBO";

  public abstract String name();

  /** {@code INT}, {@code FLOAT}, {@code STRING}, {@code BOOLEAN}, {@link #LIST} or a link type. */
  public abstract String type();

  @Value.Default
  public boolean required() {
    return true;
  }

  public abstract OptionalDouble min();

  public abstract OptionalDouble max();

  /** The fixed values of a list input. */
  public abstract List<String> options();

  /** The model folder whose files are the values ({@code diffusion_models}, {@code loras}...). */
  public abstract Optional<String> folder();

  /**
   * Whether {@code validate_inputs} compares the value with the list. True for a V1 node, whose
   * list is the input type itself ({@code isinstance(input_type, list)}, execution.py 896); false
   * for a V3 {@code io.Combo} input, whose type is the string {@code COMBO}, and for an input the
   * node validates itself ({@code VALIDATE_INPUTS}, as {@code LoadImage.image} does).
   */
  @Value.Default
  public boolean listChecked() {
    return true;
  }

  /**
   * The folder a node's own {@code VALIDATE_INPUTS} looks the value up in ({@code input} for {@code
   * LoadImage}, nodes.py 1700), reported as {@code custom_validation_failed}.
   */
  public abstract Optional<String> validatedIn();

  /** Whether the input is a widget value rather than a link type. */
  public boolean isWidget() {
    return switch (type()) {
      case "INT", "FLOAT", "STRING", "BOOLEAN", LIST -> true;
      default -> false;
    };
  }

  public static ImmutableInputSpec.Builder builder() {
    return ImmutableInputSpec.builder();
  }
}
