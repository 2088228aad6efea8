package dev.lorakit.comfyui;

import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One node of an API-format workflow: {@code {"class_type": "KSampler", "inputs": {...}}} under its
 * id.
 *
 * <pre>{@code
 * WorkflowNode n = WorkflowNode.builder().id("9").classType("KSampler")
 *     .putInput("seed", NodeInput.literal(42L)).build();
 * }</pre>
 */
@Value.Immutable
public abstract class WorkflowNode {
  public abstract String id();

  /** The node class; empty when a user's file has no {@code class_type}. */
  public abstract Optional<String> classType();

  /** Inputs in file order. */
  public abstract Map<String, NodeInput> inputs();

  public Optional<NodeInput> input(String name) {
    return Optional.ofNullable(inputs().get(name));
  }

  /** The literal string value of an input, if it is one. */
  public Optional<String> string(String name) {
    return input(name)
        .flatMap(NodeInput::value)
        .filter(String.class::isInstance)
        .map(String.class::cast);
  }

  public static ImmutableWorkflowNode.Builder builder() {
    return ImmutableWorkflowNode.builder();
  }
}
