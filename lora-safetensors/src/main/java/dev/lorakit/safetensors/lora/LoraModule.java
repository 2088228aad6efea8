package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.safetensors.Dtype;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One adapted module of a LoRA file: the tensors that share a module name, its rank, alpha and
 * scale, and where it sits in Qwen-Image.
 *
 * <pre>{@code
 * LoraModule m = report.modules().get(0);
 * m.name();       // "diffusion_model.transformer_blocks.0.attn.to_q"
 * m.modulePath(); // "transformer_blocks.0.attn.to_q"
 * m.layer();      // Optional[ATTN_TO_Q]
 * }</pre>
 */
@Value.Immutable
public abstract class LoraModule {

  /** The module name exactly as in the file's keys, without the weight suffix. */
  public abstract String name();

  /** The dotted model path with any trainer prefix removed; the file name if it is not Qwen. */
  public abstract String modulePath();

  /** The Qwen-Image transformer block, 0 to 59, when the module is inside one. */
  public abstract OptionalInt block();

  /** The Qwen-Image layer, when the name is one. */
  public abstract Optional<QwenLayer> layer();

  /** The key family of this module's tensors. */
  public abstract CheckpointFormat format();

  /** Rank: rows of the down/A matrix (LoRA), of {@code hada_w1_b} (LoHa), of a LoKr factor. */
  public abstract OptionalInt rank();

  public abstract OptionalDouble alpha();

  public abstract Optional<AlphaSource> alphaSource();

  /** alpha / rank: the factor applied to up @ down (before the user's strength). */
  public abstract OptionalDouble scale();

  /** Input features of the adapted Linear (columns of down/A). */
  public abstract OptionalLong inFeatures();

  /** Output features of the adapted Linear (rows of up/B). */
  public abstract OptionalLong outFeatures();

  /** Names of every tensor of this module, including {@code .alpha}. */
  public abstract List<String> tensorNames();

  /** Elements of the weight tensors (alpha scalars excluded). */
  public abstract long parameters();

  /** Dtype of the weight tensors (the first one when they differ). */
  public abstract Optional<Dtype> dtype();

  /** Name of the down/A (or first) weight tensor, for statistics. */
  public abstract Optional<String> downTensor();

  /** Name of the up/B weight tensor, for statistics. */
  public abstract Optional<String> upTensor();

  public static ImmutableLoraModule.Builder builder() {
    return ImmutableLoraModule.builder();
  }
}
