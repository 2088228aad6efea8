package dev.lorakit.core.training;

import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Quantization of the transformer ({@code model.quantize}, {@code qtype}, accuracy-recovery
 * adapter) and of the text encoder ({@code quantize_te}, {@code qtype_te}).
 *
 * <pre>{@code
 * Quantization q = Quantization.builder()
 *     .qtype("uint3")
 *     .accuracyRecoveryAdapter(
 *         "ostris/accuracy_recovery_adapters/qwen_image_edit_2509_torchao_uint3.safetensors")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class Quantization {

  @Value.Default
  public boolean enabled() {
    return true;
  }

  /** Transformer quantization type; the trainer's default {@code qfloat8} is 8-bit. */
  @Value.Default
  public String qtype() {
    return QuantizationType.DEFAULT;
  }

  /**
   * The accuracy-recovery adapter, written after a {@code |} in {@code qtype}: a local file or
   * exactly {@code owner/repo/file.safetensors} on the Hugging Face hub.
   */
  public abstract Optional<String> accuracyRecoveryAdapter();

  @Value.Default
  public boolean quantizeTextEncoder() {
    return enabled();
  }

  @Value.Default
  public String textEncoderQtype() {
    return QuantizationType.DEFAULT;
  }

  /** Weight bits of the transformer qtype when it is a known one. */
  public OptionalInt bits() {
    return QuantizationType.bits(qtype());
  }

  /** The trainer's {@code qtype} value, with {@code |adapter} appended when one is set. */
  public String qtypeWithAdapter() {
    return accuracyRecoveryAdapter().map(a -> qtype() + "|" + a).orElse(qtype());
  }

  /**
   * Whether the trainer can load an adapter path: a local file ({@code /}, {@code ./}, {@code ../},
   * {@code ~}, a drive letter) or exactly {@code owner/repo/file} on the hub. One part crashes
   * ai-toolkit with an IndexError; more than three raise.
   */
  public static boolean isWellFormedAdapterPath(String adapter) {
    String a = adapter.strip();
    if (a.startsWith("/")
        || a.startsWith("./")
        || a.startsWith("../")
        || a.startsWith("~")
        || a.matches("[A-Za-z]:[\\\\/].*")) {
      return true;
    }
    String[] parts = a.split("/", -1);
    if (parts.length != 3) {
      return false;
    }
    for (String part : parts) {
      if (part.isBlank()) {
        return false;
      }
    }
    return true;
  }

  public static ImmutableQuantization.Builder builder() {
    return ImmutableQuantization.builder();
  }
}
