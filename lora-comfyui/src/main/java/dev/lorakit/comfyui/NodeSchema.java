package dev.lorakit.comfyui;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A node class as ComfyUI declares it: its inputs ({@code INPUT_TYPES} required and optional), its
 * outputs ({@code RETURN_TYPES}), whether it is an output node ({@code OUTPUT_NODE}), and the
 * source file and line it was read from.
 *
 * <pre>{@code
 * NodeSchema k = NodeSchemas.standard().find("KSampler").orElseThrow();
 * k.outputs(); // [LATENT]
 * }</pre>
 */
@Value.Immutable
public abstract class NodeSchema {
  public abstract String classType();

  public abstract List<InputSpec> inputs();

  public abstract List<String> outputs();

  @Value.Default
  public boolean outputNode() {
    return false;
  }

  /** Where in ComfyUI the class is defined, such as {@code nodes.py:1499}. */
  public abstract String source();

  public Optional<InputSpec> input(String name) {
    return inputs().stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public static ImmutableNodeSchema.Builder builder() {
    return ImmutableNodeSchema.builder();
  }
}
