package dev.lorakit.comfyui;

import org.immutables.value.Value;

/**
 * A LoRA as {@code LoraLoaderModelOnly} names it (relative to {@code models/loras}, with {@code /})
 * and its {@code strength_model}.
 *
 * <pre>{@code
 * LoraStrength style = LoraStrength.of("styles/boreal.safetensors", 0.7);
 * }</pre>
 */
@Value.Immutable
public abstract class LoraStrength {
  @Value.Parameter
  public abstract String name();

  @Value.Parameter
  public abstract double strength();

  public static LoraStrength of(String name, double strength) {
    return ImmutableLoraStrength.of(name, strength);
  }
}
