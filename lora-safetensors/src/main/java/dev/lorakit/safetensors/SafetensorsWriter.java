package dev.lorakit.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lorakit.safetensors.internal.Floats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes safetensors files as the reference writer does: {@code __metadata__} first (keys sorted),
 * tensors sorted by descending dtype then by name, compact JSON padded with spaces to a multiple of
 * 8 bytes so every tensor is aligned. Data is pulled from each tensor's source one at a time, so
 * large files are written without holding them in memory. Files are written to a temporary file and
 * moved into place.
 *
 * <pre>{@code
 * SafetensorsWriter.create()
 *     .metadata("format", "pt")
 *     .addFloats("a.lora_A.weight", Dtype.F16, List.of(16L, 3072L), values)
 *     .write(Path.of("out.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, String> metadata = new TreeMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  private SafetensorsWriter() {}

  public static SafetensorsWriter create() {
    return new SafetensorsWriter();
  }

  /** Adds one {@code __metadata__} entry. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds every entry of {@code values} to {@code __metadata__}. */
  public SafetensorsWriter metadata(Map<String, String> values) {
    values.forEach(this::metadata);
    return this;
  }

  /**
   * Adds a tensor whose little-endian bytes are the remaining bytes of {@code data} (not consumed).
   * Throws {@link SafetensorsLayoutException} ({@code InvalidTensorView}) if the length does not
   * match dtype and shape.
   */
  public SafetensorsWriter add(String name, Dtype dtype, List<Long> shape, ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    return add(name, dtype, shape, copy.remaining(), () -> copy.duplicate());
  }

  /**
   * Adds a tensor whose data is produced at write time by {@code data}, which must return exactly
   * {@code byteLength} bytes. Lets a writer stream a tensor from a mapped source or a generator.
   */
  public SafetensorsWriter add(
      String name, Dtype dtype, List<Long> shape, long byteLength, Supplier<ByteBuffer> data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(data, "data");
    if ("__metadata__".equals(name)) {
      throw new IllegalArgumentException("'__metadata__' is not a tensor name");
    }
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    long expected = byteLength(name, dtype, dims);
    if (expected != byteLength) {
      throw new SafetensorsLayoutException(
          SafetensorsErrorKind.INVALID_TENSOR_VIEW,
          name,
          "tensor '"
              + name
              + "' is "
              + dtype
              + " "
              + shape
              + ", "
              + expected
              + " bytes, but its data has "
              + byteLength,
          null,
          null);
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
    }
    entries.add(new Entry(name, dtype, List.copyOf(shape), byteLength, data));
    return this;
  }

  /**
   * Adds a tensor from float values, encoded to {@code dtype} (F32, F16 or BF16; F16 and BF16 round
   * to nearest even).
   */
  public SafetensorsWriter addFloats(String name, Dtype dtype, List<Long> shape, float[] values) {
    return add(name, dtype, shape, encode(dtype, values));
  }

  /** Encodes floats as little-endian F32, F16 or BF16 bytes. */
  public static ByteBuffer encode(Dtype dtype, float[] values) {
    ByteBuffer b =
        ByteBuffer.allocate(values.length * (dtype.bits() / 8)).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32:
        b.asFloatBuffer().put(values);
        break;
      case F16:
        for (int i = 0; i < values.length; i++) {
          b.putShort(2 * i, Floats.floatToHalf(values[i]));
        }
        break;
      case BF16:
        for (int i = 0; i < values.length; i++) {
          b.putShort(2 * i, Floats.floatToBf16(values[i]));
        }
        break;
      default:
        throw new IllegalArgumentException("cannot encode floats as " + dtype);
    }
    return b;
  }

  /**
   * The header bytes (8-byte length plus padded JSON) this writer would produce. Throws {@code
   * HeaderTooLarge} when the JSON exceeds 100,000,000 bytes.
   */
  public byte[] headerBytes() {
    return header(sorted());
  }

  /** Writes the file atomically (temporary file in the same directory, then a move). */
  public void write(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeTo(ch);
        ch.force(false);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw SafetensorsReader.io(file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the original error matters more
        }
      }
    }
  }

  /** Writes the whole file to a channel. */
  public void writeTo(WritableByteChannel out) throws IOException {
    List<Entry> sorted = sorted();
    writeAll(out, ByteBuffer.wrap(header(sorted)));
    for (Entry e : sorted) {
      ByteBuffer data = e.data.get().duplicate();
      if (data.remaining() != e.byteLength) {
        throw new SafetensorsLayoutException(
            SafetensorsErrorKind.INVALID_TENSOR_VIEW,
            e.name,
            "source of tensor '" + e.name + "' returned " + data.remaining() + " bytes",
            null,
            null);
      }
      writeAll(out, data);
    }
  }

  /** The whole file in memory; for small files and tests. */
  public byte[] toByteArray() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTo(java.nio.channels.Channels.newChannel(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private List<Entry> sorted() {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing((Entry e) -> e.dtype, Collections.reverseOrder())
            .thenComparing(e -> e.name));
    return sorted;
  }

  private byte[] header(List<Entry> sorted) {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart("__metadata__");
        for (Map.Entry<String, String> m : metadata.entrySet()) {
          g.writeStringField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
      }
      long offset = 0;
      for (Entry e : sorted) {
        g.writeObjectFieldStart(e.name);
        g.writeStringField("dtype", e.dtype.name());
        g.writeArrayFieldStart("shape");
        for (long d : e.shape) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(offset);
        g.writeNumber(offset + e.byteLength);
        g.writeEndArray();
        g.writeEndObject();
        offset += e.byteLength;
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = json.size();
    int padded = (n + 7) & ~7;
    if (padded > HeaderParser.MAX_HEADER_SIZE) {
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.HEADER_TOO_LARGE,
          "serialized header is " + n + " bytes, above the limit of 100000000",
          null,
          null);
    }
    byte[] out = new byte[8 + padded];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    byte[] j = json.toByteArray();
    System.arraycopy(j, 0, out, 8, n);
    Arrays.fill(out, 8 + n, out.length, (byte) ' ');
    return out;
  }

  private static long byteLength(String name, Dtype dtype, long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape of '" + name + "'");
      }
      n = Math.multiplyExact(n, d);
    }
    long bits = Math.multiplyExact(n, (long) dtype.bits());
    if (bits % 8 != 0) {
      throw new SafetensorsLayoutException(
          SafetensorsErrorKind.MISALIGNED_SLICE,
          name,
          "tensor '" + name + "' of " + dtype + " has " + bits + " bits, not whole bytes",
          null,
          null);
    }
    return bits / 8;
  }

  private static void writeAll(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static final class Entry {
    final String name;
    final Dtype dtype;
    final List<Long> shape;
    final long byteLength;
    final Supplier<ByteBuffer> data;

    Entry(String name, Dtype dtype, List<Long> shape, long byteLength, Supplier<ByteBuffer> data) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.byteLength = byteLength;
      this.data = data;
    }
  }
}
