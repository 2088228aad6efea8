package dev.lorakit.safetensors;

import dev.lorakit.safetensors.internal.Floats;
import java.nio.ByteBuffer;

/**
 * One tensor of an open {@link SafetensorsFile}: its {@link TensorInfo} and its data, mapped on
 * demand.
 *
 * <pre>{@code
 * Tensor t = file.tensor("lora_unet_transformer_blocks_0_attn_to_q.alpha");
 * float alpha = t.toFloatArray()[0];
 * }</pre>
 */
public final class Tensor {

  /** Elements decoded per mapped segment when a tensor is larger than one buffer can hold. */
  private static final int SEGMENT_BYTES = 1 << 30;

  private final SafetensorsFile file;
  private final TensorInfo info;

  Tensor(SafetensorsFile file, TensorInfo info) {
    this.file = file;
    this.info = info;
  }

  public TensorInfo info() {
    return info;
  }

  public String name() {
    return info.name();
  }

  public Dtype dtype() {
    return info.dtype();
  }

  /**
   * The raw little-endian bytes, memory-mapped. Throws {@link IllegalStateException} for a tensor
   * above 2 GiB; use {@link #readFloats} or {@link SafetensorsFile#map} for those.
   */
  public ByteBuffer buffer() {
    return file.data(info);
  }

  /** Every element as float; throws for tensors of more than {@code Integer.MAX_VALUE - 8}. */
  public float[] toFloatArray() {
    long n = info.elementCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("tensor '" + info.name() + "' has " + n + " elements");
    }
    float[] out = new float[(int) n];
    readFloats(0, out, 0, (int) n);
    return out;
  }

  /**
   * Decodes {@code count} elements starting at element {@code first} into {@code dst}, mapping at
   * most 1 GiB at a time, so any element of a tensor of any size can be read.
   */
  public void readFloats(long first, float[] dst, int dstOffset, int count) {
    Dtype dtype = info.dtype();
    if (!dtype.decodesToFloat()) {
      throw new UnsupportedOperationException(dtype + " does not decode to float");
    }
    if (first < 0 || count < 0 || first + count > info.elementCount()) {
      throw new IndexOutOfBoundsException(
          "elements [" + first + ", " + (first + count) + ") of " + info.elementCount());
    }
    int size = dtype.bits() / 8;
    if (info.byteLength() <= Integer.MAX_VALUE) {
      ByteBuffer all = file.data(info);
      all.position((int) (first * size));
      Floats.decode(all, dtype, dst, dstOffset, count);
      return;
    }
    int perSegment = SEGMENT_BYTES / size;
    int done = 0;
    while (done < count) {
      int n = Math.min(perSegment, count - done);
      ByteBuffer segment = file.map(info.begin() + (first + done) * size, n * size);
      Floats.decode(segment, dtype, dst, dstOffset + done, n);
      done += n;
    }
  }

  @Override
  public String toString() {
    return info.name() + " " + info.dtype() + " " + info.shape();
  }
}
