package dev.lorakit.core.plan;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.QuantizationType;
import dev.lorakit.core.training.TrainingParameters;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Peak GPU memory of a training step, by component, from a planning model — not a measurement.
 *
 * <p>The model (documented in {@code docs/planning.md}): quantized transformer weights (20B params
 * x qtype bits, + 0.3 GB for an accuracy-recovery adapter); the Qwen2.5-VL text encoder (8.3B
 * params x qtype_te bits) unless text embeddings are cached, which unloads it; the VAE (0.25 GB);
 * LoRA weights, gradients and optimizer state (9,216,000 parameters per rank unit x 10 bytes with
 * 8-bit Adam, 16 with 32-bit); activations with gradient checkpointing at 0.9 MB per token (a 1024
 * px image is 4,096 tokens, each control image of an edit model as many again); 1.5 GB CUDA
 * context; 10% fragmentation. It is calibrated so that ai-toolkit's published minimums hold:
 * Qwen-Image fits 24 GB only at 3 bits with cached embeddings, Edit-2509 fits 32 GB only at 3 bits.
 */
@Value.Immutable
public abstract class MemoryEstimate {
  static final double TRANSFORMER_PARAMS = BaseModel.QWEN_TRANSFORMER_PARAMETERS;
  static final double TEXT_ENCODER_PARAMS = 8.3e9;
  static final double LORA_PARAMS_PER_RANK = 9_216_000;
  static final double GB_PER_TOKEN = 0.0009;
  static final double CONTEXT_GB = 1.5;
  static final double FRAGMENTATION = 1.10;

  /** Gigabytes by component, in a stable order. */
  public abstract Map<String, Double> componentsGb();

  @Value.Derived
  public double totalGb() {
    return componentsGb().values().stream().mapToDouble(Double::doubleValue).sum() * FRAGMENTATION;
  }

  public boolean fits(int gpuMemoryGb) {
    return totalGb() <= gpuMemoryGb;
  }

  /** Estimates the peak memory of the project's training step. */
  public static MemoryEstimate of(LoraProject project) {
    TrainingParameters t = project.training();
    Quantization q = t.quantization();
    Map<String, Double> parts = new LinkedHashMap<>();
    double transformerBits = q.enabled() ? q.bits().orElse(8) : 16;
    parts.put("transformer", TRANSFORMER_PARAMS * transformerBits / 8 / 1e9);
    if (q.enabled() && q.accuracyRecoveryAdapter().isPresent()) {
      parts.put("accuracy-recovery adapter", 0.3);
    }
    if (!t.cacheTextEmbeddings()) {
      double teBits =
          q.quantizeTextEncoder() ? QuantizationType.bits(q.textEncoderQtype()).orElse(8) : 16;
      parts.put("text encoder", TEXT_ENCODER_PARAMS * teBits / 8 / 1e9);
    }
    parts.put("vae", 0.25);
    double bytesPerParam = t.optimizer().key().contains("8") ? 10 : 16;
    parts.put(
        "lora + optimizer",
        LORA_PARAMS_PER_RANK * Math.max(1, t.network().rank()) * bytesPerParam / 1e9);
    int resolution = t.resolutions().stream().mapToInt(i -> i).max().orElse(1024);
    parts.put(
        "activations",
        GB_PER_TOKEN * tokensPerSample(project, resolution) * Math.max(1, t.batchSize()));
    parts.put("cuda context", CONTEXT_GB);
    return ImmutableMemoryEstimate.builder().componentsGb(parts).build();
  }

  /** Transformer tokens of one training sample: target latents plus control images. */
  static double tokensPerSample(LoraProject project, int resolution) {
    double target = Math.pow(Math.max(16, resolution) / 16.0, 2);
    int controls =
        project.requiresControlImages()
            ? Math.max(
                1,
                project.dataset().trainingFolders().stream()
                    .mapToInt(f -> f.controlFolders().size())
                    .max()
                    .orElse(1))
            : 0;
    // Control images are resized to about 1024 x 1024 of area for the VAE reference latents.
    return target + controls * 4096.0;
  }

  /** One line per component and the total, e.g. {@code transformer 20.0 GB}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    componentsGb()
        .forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-26s %5.1f GB%n", k, v)));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-26s %5.1f GB (x%.2f fragmentation)",
            "total",
            totalGb(),
            FRAGMENTATION));
    return sb.toString();
  }
}
