package dev.lorakit.comfyui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The outcome of {@link PromptValidator#validate}: what {@code POST /prompt} would answer. {@link
 * #error()} is the top-level error of a 400 answer; {@link #nodeErrors()} the per-node errors,
 * which a 200 answer can carry too when only some outputs failed.
 *
 * <pre>{@code
 * PromptValidation v = PromptValidator.of(NodeSchemas.standard(), inventory).validate(workflow);
 * v.valid(); // true when ComfyUI would queue the prompt
 * }</pre>
 */
@Value.Immutable
public abstract class PromptValidation {
  public abstract Optional<PromptProblem> error();

  /** Errors by node id, only for nodes that have errors of their own. */
  public abstract Map<String, List<PromptProblem>> nodeErrors();

  /** Output nodes that passed, which ComfyUI would execute. */
  public abstract List<String> goodOutputs();

  public boolean valid() {
    return error().isEmpty();
  }

  public static ImmutablePromptValidation.Builder builder() {
    return ImmutablePromptValidation.builder();
  }
}
