package dev.lorakit.comfyui;

import org.immutables.value.Value;

/**
 * A link from an input to another node's output, written {@code ["4", 0]} in API format.
 *
 * <pre>{@code
 * NodeLink link = NodeLink.of("4", 0); // the MODEL output of node 4
 * }</pre>
 */
@Value.Immutable
public abstract class NodeLink {
  @Value.Parameter
  public abstract String node();

  /** Index into the linked node's {@code RETURN_TYPES}. */
  @Value.Parameter
  public abstract int output();

  public static NodeLink of(String node, int output) {
    return ImmutableNodeLink.of(node, output);
  }
}
