package dev.lorakit.comfyui;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One error ComfyUI's validator reports, with its own {@code type} string ({@code
 * value_not_in_list}, {@code required_input_missing}, {@code return_type_mismatch}...), message and
 * details as {@code execution.py} words them.
 *
 * <pre>{@code
 * problem.type();    // "value_not_in_list"
 * problem.details(); // "sampler_name: 'flowmatch' not in (list of length 42)"
 * }</pre>
 */
@Value.Immutable
public abstract class PromptProblem {
  /** The node the error belongs to; empty for a prompt-level error such as no outputs. */
  public abstract Optional<String> nodeId();

  public abstract Optional<String> classType();

  public abstract String type();

  public abstract String message();

  public abstract String details();

  /** The input the error is about, when it is about one. */
  public abstract Optional<String> input();

  public static ImmutablePromptProblem.Builder builder() {
    return ImmutablePromptProblem.builder();
  }
}
