package dev.lorakit.safetensors;

import java.util.List;
import org.immutables.value.Value;

/**
 * One entry of a safetensors header: name, dtype, shape and byte range relative to the start of the
 * data section ({@code 8 + N}).
 *
 * <pre>{@code
 * TensorInfo t = header.tensor("diffusion_model.transformer_blocks.0.attn.to_q.lora_A.weight").orElseThrow();
 * t.shape(); // [16, 3072]
 * t.byteLength(); // 98304 for F16
 * }</pre>
 */
@Value.Immutable
public abstract class TensorInfo {

  public abstract String name();

  public abstract Dtype dtype();

  /** Dimensions in C order; empty for a 0-dimensional scalar such as a kohya {@code .alpha}. */
  public abstract List<Long> shape();

  /** First byte, relative to the data section. */
  public abstract long begin();

  /** One past the last byte, relative to the data section. */
  public abstract long end();

  /** Product of the shape (1 for a scalar). */
  @Value.Derived
  public long elementCount() {
    long n = 1;
    for (long d : shape()) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Value.Derived
  public long byteLength() {
    return end() - begin();
  }

  /** The dimension {@code i}, counting negative {@code i} from the end as numpy does. */
  public long dim(int i) {
    List<Long> s = shape();
    return s.get(i < 0 ? s.size() + i : i);
  }

  public static ImmutableTensorInfo.Builder builder() {
    return ImmutableTensorInfo.builder();
  }
}
