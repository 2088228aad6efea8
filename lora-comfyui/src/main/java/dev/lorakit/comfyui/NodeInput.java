package dev.lorakit.comfyui;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One input of a node: a literal (string, integer, floating-point number, boolean, or whatever JSON
 * value a user's file holds) or a {@link NodeLink}.
 *
 * <pre>{@code
 * NodeInput seed = NodeInput.literal(42L);
 * NodeInput model = NodeInput.link("5", 0);
 * }</pre>
 */
@Value.Immutable
public abstract class NodeInput {
  public abstract Optional<NodeLink> link();

  /**
   * The literal: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, or for a user's
   * file any other JSON value as Jackson reads it ({@code List}, {@code Map}, {@code null} is kept
   * as {@link #isNull()}).
   */
  public abstract Optional<Object> value();

  /** Whether the literal is JSON {@code null}. */
  @Value.Default
  public boolean isNull() {
    return false;
  }

  public boolean isLink() {
    return link().isPresent();
  }

  public static NodeInput literal(Object value) {
    return value == null
        ? ImmutableNodeInput.builder().isNull(true).build()
        : ImmutableNodeInput.builder().value(value).build();
  }

  public static NodeInput link(String node, int output) {
    return ImmutableNodeInput.builder().link(NodeLink.of(node, output)).build();
  }

  @Value.Check
  protected void check() {
    int kinds = (link().isPresent() ? 1 : 0) + (value().isPresent() ? 1 : 0) + (isNull() ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalStateException("an input is a link or a literal, exactly one");
    }
  }
}
