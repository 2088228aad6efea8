package dev.lorakit.safetensors.lora;

import org.immutables.value.Value;

/**
 * A tensor key of a LoRA file that has no effect in ComfyUI, and why.
 *
 * <pre>{@code
 * IgnoredKey k = report.comfyUi().ignoredKeys().get(0);
 * k.key();    // "diffusion_model.transformer_blocks.0.attn.to_q.lora_B.bias"
 * k.reason(); // LORA_BIAS
 * }</pre>
 */
@Value.Immutable
public abstract class IgnoredKey {

  /** Why ComfyUI does not apply a key. */
  public enum Reason {
    /** The module name is not in the key map: logged {@code lora key not loaded}. */
    NO_MAPPED_NAME,
    /** A mapped name with a suffix no adapter reads: logged {@code lora key not loaded}. */
    UNKNOWN_SUFFIX,
    /** A down weight whose up weight is missing: logged {@code lora key not loaded}. */
    DOWN_WITHOUT_UP,
    /** PEFT DoRA {@code .lora_magnitude_vector}: logged {@code lora key not loaded}. */
    DORA_MAGNITUDE,
    /** PEFT {@code .lora_B.bias}: logged {@code lora key not loaded}. */
    LORA_BIAS,
    /** Read, but another name or adapter patches the same weight later; no log. */
    SHADOWED,
    /** Up and down ranks differ: logged {@code ERROR lora} when the weight is patched. */
    RANK_MISMATCH,
    /** The patch does not fit the weight: {@code ERROR lora} or {@code WEIGHT NOT MERGED}. */
    SHAPE_MISMATCH,
    /** The patch names a key the model lacks: logged {@code NOT LOADED}. */
    TARGET_NOT_IN_MODEL
  }

  @Value.Parameter
  public abstract String key();

  @Value.Parameter
  public abstract Reason reason();

  /** A lower-case fragment with the specifics (the shapes, the name that wins, ...). */
  @Value.Parameter
  public abstract String detail();

  public static IgnoredKey of(String key, Reason reason, String detail) {
    return ImmutableIgnoredKey.of(key, reason, detail);
  }
}
