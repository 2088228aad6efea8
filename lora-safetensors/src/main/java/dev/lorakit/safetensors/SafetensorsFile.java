package dev.lorakit.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An open safetensors file: its validated header and memory-mapped access to tensor data. Files
 * above 2 GiB are supported because each tensor (or segment of one) is mapped separately.
 * Thread-safe; close it to release the file handle (mapped buffers stay valid until collected).
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsReader.open(path)) {
 *   for (Tensor t : f.tensors()) {
 *     float[] values = t.toFloatArray();
 *   }
 * }
 * }</pre>
 */
public final class SafetensorsFile implements AutoCloseable {

  private final Path path;
  private final FileChannel channel;
  private final SafetensorsHeader header;
  private final Object wholeLock = new Object();
  private volatile ByteBuffer whole;

  SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header) {
    this.path = path;
    this.channel = channel;
    this.header = header;
  }

  public Path path() {
    return path;
  }

  public SafetensorsHeader header() {
    return header;
  }

  /** The tensor with this name; throws {@link TensorNotFoundException} when there is none. */
  public Tensor tensor(String name) {
    Objects.requireNonNull(name, "name");
    return new Tensor(
        this, header.tensor(name).orElseThrow(() -> new TensorNotFoundException(name, path)));
  }

  /** Every tensor, in header order. */
  public List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>(header.tensors().size());
    for (TensorInfo t : header.tensors()) {
      out.add(new Tensor(this, t));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Maps {@code length} bytes of the data section starting at {@code dataOffset} (relative to
   * {@code 8 + N}), read-only and little-endian.
   */
  public MappedByteBuffer map(long dataOffset, int length) {
    if (dataOffset < 0 || length < 0 || dataOffset + length > header.dataLength()) {
      throw new IndexOutOfBoundsException(
          "range [" + dataOffset + ", " + (dataOffset + length) + ") outside the data section");
    }
    try {
      MappedByteBuffer b =
          channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + dataOffset, length);
      b.order(ByteOrder.LITTLE_ENDIAN);
      return b;
    } catch (IOException e) {
      throw SafetensorsReader.io(path, e);
    }
  }

  /**
   * The bytes of one tensor, read-only and little-endian. Uses one mapping of the whole data
   * section when it fits in a buffer (below 2 GiB), else maps the tensor alone.
   */
  public ByteBuffer data(TensorInfo tensor) {
    if (tensor.byteLength() > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "tensor '" + tensor.name() + "' is " + tensor.byteLength() + " bytes, above one buffer");
    }
    if (header.dataLength() > Integer.MAX_VALUE) {
      return map(tensor.begin(), (int) tensor.byteLength());
    }
    ByteBuffer w = whole;
    if (w == null) {
      synchronized (wholeLock) {
        w = whole;
        if (w == null) {
          w = map(0, (int) header.dataLength());
          whole = w;
        }
      }
    }
    return w.slice((int) tensor.begin(), (int) tensor.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw SafetensorsReader.io(path, e);
    }
  }
}
