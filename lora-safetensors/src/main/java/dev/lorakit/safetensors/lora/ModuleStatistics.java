package dev.lorakit.safetensors.lora;

import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Weight statistics of one LoRA module.
 *
 * <pre>{@code
 * ModuleStatistics m = stats.modules().get(0);
 * m.deltaNorm(); // ||scale * B * A||_F, the size of the change this module makes
 * }</pre>
 */
@Value.Immutable
public abstract class ModuleStatistics {

  public abstract String name();

  public abstract String modulePath();

  public abstract OptionalInt block();

  public abstract Optional<QwenLayer> layer();

  public abstract int rank();

  /** alpha / rank as reported by the inspector. */
  public abstract double scale();

  /** Frobenius norm of the weight change: ||scale * up @ down||_F, computed via r x r Grams. */
  public abstract double deltaNorm();

  /** Elements of the down and up matrices. */
  public abstract long parameters();

  /** Mean |w| over the down (A) matrix. */
  public abstract double downMeanAbs();

  /** Mean |w| over the up (B) matrix. */
  public abstract double upMeanAbs();

  /** Mean |w| over both matrices. */
  public abstract double meanAbs();

  /** Largest |w| over both matrices. */
  public abstract double maxAbs();

  /** NaN and infinite values in both matrices. */
  public abstract long nonFinite();

  /** Whether up (B) is all zeros: B starts at zero, so the module never trained. */
  public abstract boolean untrained();

  public static ImmutableModuleStatistics.Builder builder() {
    return ImmutableModuleStatistics.builder();
  }
}
