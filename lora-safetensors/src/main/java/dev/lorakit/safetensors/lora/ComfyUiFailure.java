package dev.lorakit.safetensors.lora;

import org.immutables.value.Value;

/**
 * An exception ComfyUI's {@code load_lora} raises on a LoRA file, which fails the LoRA node.
 *
 * <pre>{@code
 * ComfyUiFailure f = report.comfyUi().failures().get(0);
 * f.kind();      // UP_WITHOUT_DOWN
 * f.exception(); // "KeyError: 'diffusion_model.transformer_blocks.0.attn.to_q.lora_A.weight'"
 * }</pre>
 */
@Value.Immutable
public abstract class ComfyUiFailure {

  /** What raises. */
  public enum Kind {
    /** {@code LoRAAdapter.load} reads the down weight of an up weight it found. */
    UP_WITHOUT_DOWN,
    /** {@code LoHaAdapter.load} / {@code GLoRAAdapter.load} read their partner tensors. */
    INCOMPLETE_LYCORIS,
    /** {@code load_lora} reads {@code .alpha} with {@code .item()}. */
    ALPHA_NOT_SCALAR
  }

  @Value.Parameter
  public abstract Kind kind();

  /** The LoRA module name ({@code x} in {@code load_lora}). */
  @Value.Parameter
  public abstract String module();

  /** The Python exception as ComfyUI would print it. */
  @Value.Parameter
  public abstract String exception();

  public static ComfyUiFailure of(Kind kind, String module, String exception) {
    return ImmutableComfyUiFailure.of(kind, module, exception);
  }
}
