package dev.lorakit.safetensors.lora;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Weight statistics of a whole LoRA file: per module and summarised. Numbers only; which epoch is
 * best is for samples and eyes to decide.
 *
 * <pre>{@code
 * WeightStatistics s = LoraStatistics.compute(Path.of("maya.safetensors"));
 * s.totalDeltaNorm(); // sqrt of the sum of squared module norms
 * }</pre>
 */
@Value.Immutable
public abstract class WeightStatistics {

  public abstract String file();

  /** Modules with a down and an up matrix, in file order. */
  public abstract List<ModuleStatistics> modules();

  /** Modules without a plain down/up pair (LoHa, LoKr, incomplete), not measured. */
  public abstract int skippedModules();

  /** sqrt(sum of deltaNorm^2) over all modules. */
  public abstract double totalDeltaNorm();

  public abstract double meanDeltaNorm();

  public abstract double maxDeltaNorm();

  /** The module with the largest deltaNorm. */
  public abstract Optional<String> maxDeltaNormModule();

  /** Mean |w| over every measured weight. */
  public abstract double meanAbs();

  public abstract double maxAbs();

  public abstract long nonFinite();

  /** Modules whose up matrix is all zeros. */
  public abstract int untrainedModules();

  /** sqrt(sum of deltaNorm^2) per Qwen layer group (attention, MLP, modulation, ...). */
  public abstract Map<QwenLayer.Group, Double> deltaNormByGroup();

  /** sqrt(sum of deltaNorm^2) per transformer block 0..59 (0 for untouched blocks). */
  public abstract List<Double> deltaNormByBlock();

  /** Parameters (elements) measured. */
  public abstract long parameters();

  public static ImmutableWeightStatistics.Builder builder() {
    return ImmutableWeightStatistics.builder();
  }
}
