package dev.lorakit.safetensors.lora;

import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Which of the 60 x 14 Qwen-Image block layers a LoRA adapts.
 *
 * <pre>{@code
 * report.coverage().covered(); // 840
 * report.coverage().isComplete(); // true for ai-toolkit's default target set
 * }</pre>
 */
@Value.Immutable
public abstract class QwenCoverage {

  /** Block layers adapted, out of {@link #total()}. */
  public abstract int covered();

  /** 60 x 14 = 840. */
  @Value.Default
  public int total() {
    return QwenLayer.BLOCKS * QwenLayer.blockLayers().size();
  }

  /** Number of blocks with at least one adapted layer. */
  public abstract int blocks();

  /** For each block layer path ({@code attn.to_q}), in how many blocks it is adapted. */
  public abstract Map<String, Integer> blocksPerLayer();

  /** Top-level layers adapted ({@code img_in}, {@code proj_out}, ...). */
  public abstract List<String> topLevel();

  /** Module paths of block layers not adapted, when some but not all are. */
  public abstract List<String> missing();

  public boolean isComplete() {
    return covered() == total();
  }

  public static ImmutableQwenCoverage.Builder builder() {
    return ImmutableQwenCoverage.builder();
  }
}
