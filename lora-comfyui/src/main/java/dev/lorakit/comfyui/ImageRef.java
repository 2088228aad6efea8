package dev.lorakit.comfyui;

import org.immutables.value.Value;

/**
 * An image ComfyUI saved, as {@code /history} lists it and {@code /view} serves it.
 *
 * <pre>{@code
 * ImageRef.of("maya_p0_s42_m0.6_00001_.png", "eval", "output");
 * }</pre>
 */
@Value.Immutable
public abstract class ImageRef {
  @Value.Parameter
  public abstract String filename();

  @Value.Parameter
  public abstract String subfolder();

  /** {@code output}, {@code temp} or {@code input}. */
  @Value.Parameter
  public abstract String type();

  public static ImageRef of(String filename, String subfolder, String type) {
    return ImmutableImageRef.of(filename, subfolder, type);
  }
}
