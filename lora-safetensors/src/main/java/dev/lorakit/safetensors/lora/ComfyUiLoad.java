package dev.lorakit.safetensors.lora;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * What ComfyUI's {@code LoraLoaderModelOnly} does with a LoRA file on a Qwen model, replayed from
 * its source ({@code comfy/sd.py load_lora_for_models}, {@code comfy/lora.py load_lora}, {@code
 * comfy/weight_adapter}, {@code comfy/model_patcher.py add_patches}): the model weights it patches,
 * the keys it ignores and why, whether the node fails, and the strength scale.
 *
 * <pre>{@code
 * ComfyUiLoad c = LoraInspector.inspect(file).comfyUi();
 * c.patchCount();  // 840
 * c.loadsFully();  // true
 * c.scale();       // OptionalDouble[1.0]: strength x 1.0 x up @ down
 * }</pre>
 */
@Value.Immutable
public abstract class ComfyUiLoad {

  /** The {@code comfy.model_base} class replayed: {@code QwenImage}. */
  public abstract String modelClass();

  /**
   * Model keys ({@code diffusion_model.transformer_blocks.0.attn.to_q.weight}) patched. When the
   * node {@link #fails()}, nothing is patched; these are then the keys patched once the failures
   * are fixed.
   */
  public abstract List<String> patchedKeys();

  /** Number of model weights (and biases) the LoRA changes. */
  @Value.Derived
  public int patchCount() {
    return patchedKeys().size();
  }

  /** Patches per ComfyUI adapter or patch type: lora, loha, lokr, glora, oft, boft, diff, set. */
  public abstract Map<String, Integer> patchTypes();

  /** File keys ComfyUI reads but does not apply, or does not read at all, with the reason. */
  public abstract List<IgnoredKey> ignoredKeys();

  /**
   * The exceptions {@code load_lora} would raise, in ComfyUI's order; the first one is what the
   * node reports. Empty when the node runs.
   */
  public abstract List<ComfyUiFailure> failures();

  /** Whether the LoRA node fails (and with it the whole prompt). */
  public boolean fails() {
    return !failures().isEmpty();
  }

  /** Whether every key of the file takes effect: nothing ignored, nothing fails. */
  public boolean loadsFully() {
    return failures().isEmpty() && ignoredKeys().isEmpty() && patchCount() > 0;
  }

  /**
   * Scale ComfyUI multiplies each LoRA/LoHa/LoKr patch by (before the node's strength): {@code
   * alpha / rank} with alpha from the {@code .alpha} tensor, 1.0 without one (metadata is never
   * read). Number of patches per scale; empty when the alpha values were not read.
   */
  public abstract Map<Double, Integer> scales();

  /** The scale when every scaled patch has the same one. */
  @Value.Derived
  public OptionalDouble scale() {
    return scales().size() == 1
        ? OptionalDouble.of(scales().keySet().iterator().next())
        : OptionalDouble.empty();
  }

  public static ImmutableComfyUiLoad.Builder builder() {
    return ImmutableComfyUiLoad.builder();
  }
}
