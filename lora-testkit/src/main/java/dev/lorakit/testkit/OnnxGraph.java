package dev.lorakit.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a small ONNX model (protobuf {@code ModelProto}, IR version 8, opset 13) from a list of
 * standard operators, so tests can run real ONNX Runtime sessions with the input and output shapes
 * of a real model without committing a model file. Only the fields of {@code onnx/onnx.proto} that
 * such graphs need are written: graph nodes with int, ints, float and floats attributes, float and
 * int64 initializers, and float inputs and outputs with fixed or named dimensions.
 *
 * <pre>{@code
 * byte[] model = OnnxGraph.create("identity")
 *     .input("x", 1, 3).output("y", 1, 3)
 *     .node("Identity", List.of("x"), List.of("y"), Map.of())
 *     .toBytes();
 * }</pre>
 */
public final class OnnxGraph {
  /** A dimension a model leaves open ({@code dim_param}), such as a batch or image side. */
  public static final long DYNAMIC = -1;

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private final String name;
  private final ByteArrayOutputStream nodes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream initializers = new ByteArrayOutputStream();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private int nodeCount;

  private OnnxGraph(String name) {
    this.name = name;
  }

  public static OnnxGraph create(String name) {
    return new OnnxGraph(name);
  }

  /** A float32 graph input; {@link #DYNAMIC} dimensions get a {@code dim_param}. */
  public OnnxGraph input(String name, long... dims) {
    inputs.add(valueInfo(name, dims));
    return this;
  }

  /** A float32 graph output. */
  public OnnxGraph output(String name, long... dims) {
    outputs.add(valueInfo(name, dims));
    return this;
  }

  /** A float32 initializer (a constant tensor). */
  public OnnxGraph floats(String name, long[] dims, float[] values) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for " + n);
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    writeBytes(initializers, 5, tensor(name, dims, FLOAT, raw.array()));
    return this;
  }

  /** An int64 initializer, such as a Reshape target shape. */
  public OnnxGraph longs(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    writeBytes(initializers, 5, tensor(name, new long[] {values.length}, INT64, raw.array()));
    return this;
  }

  /**
   * One operator. Attribute values may be {@code Long}/{@code Integer} (INT), {@code Float}/{@code
   * Double} (FLOAT), {@code long[]} (INTS) or {@code float[]} (FLOATS).
   */
  public OnnxGraph node(
      String opType, List<String> in, List<String> out, Map<String, Object> attributes) {
    ByteArrayOutputStream n = new ByteArrayOutputStream();
    in.forEach(s -> writeString(n, 1, s));
    out.forEach(s -> writeString(n, 2, s));
    writeString(n, 3, opType.toLowerCase(java.util.Locale.ROOT) + "_" + nodeCount++);
    writeString(n, 4, opType);
    attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> writeBytes(n, 5, attribute(e.getKey(), e.getValue())));
    writeBytes(nodes, 1, n.toByteArray());
    return this;
  }

  /** The serialised {@code ModelProto}. */
  public byte[] toBytes() {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    graph.writeBytes(nodes.toByteArray());
    writeString(graph, 2, name);
    graph.writeBytes(initializers.toByteArray());
    inputs.forEach(b -> writeBytes(graph, 11, b));
    outputs.forEach(b -> writeBytes(graph, 12, b));
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    writeVarintField(model, 1, 8);
    writeString(model, 2, "lorakit-testkit");
    writeBytes(model, 7, graph.toByteArray());
    ByteArrayOutputStream opset = new ByteArrayOutputStream();
    writeString(opset, 1, "");
    writeVarintField(opset, 2, 13);
    writeBytes(model, 8, opset.toByteArray());
    return model.toByteArray();
  }

  private static byte[] attribute(String name, Object value) {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    writeString(a, 1, name);
    if (value instanceof Long || value instanceof Integer) {
      writeVarintField(a, 3, ((Number) value).longValue());
      writeVarintField(a, 20, 2);
    } else if (value instanceof Float || value instanceof Double) {
      writeTag(a, 2, 5);
      int bits = Float.floatToIntBits(((Number) value).floatValue());
      for (int i = 0; i < 4; i++) {
        a.write((bits >>> (8 * i)) & 0xff);
      }
      writeVarintField(a, 20, 1);
    } else if (value instanceof long[] ints) {
      for (long v : ints) {
        writeVarintField(a, 8, v);
      }
      writeVarintField(a, 20, 7);
    } else if (value instanceof float[] fs) {
      for (float v : fs) {
        writeTag(a, 7, 5);
        int bits = Float.floatToIntBits(v);
        for (int i = 0; i < 4; i++) {
          a.write((bits >>> (8 * i)) & 0xff);
        }
      }
      writeVarintField(a, 20, 6);
    } else {
      throw new IllegalArgumentException("unsupported attribute " + name + ": " + value);
    }
    return a.toByteArray();
  }

  private static byte[] tensor(String name, long[] dims, int type, byte[] raw) {
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    for (long d : dims) {
      writeVarintField(t, 1, d);
    }
    writeVarintField(t, 2, type);
    writeString(t, 8, name);
    writeBytes(t, 9, raw);
    return t.toByteArray();
  }

  private static byte[] valueInfo(String name, long[] dims) {
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (int i = 0; i < dims.length; i++) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      if (dims[i] == DYNAMIC) {
        writeString(dim, 2, name + "_d" + i);
      } else {
        writeVarintField(dim, 1, dims[i]);
      }
      writeBytes(shape, 1, dim.toByteArray());
    }
    ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
    writeVarintField(tensorType, 1, FLOAT);
    writeBytes(tensorType, 2, shape.toByteArray());
    ByteArrayOutputStream type = new ByteArrayOutputStream();
    writeBytes(type, 1, tensorType.toByteArray());
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    writeString(info, 1, name);
    writeBytes(info, 2, type.toByteArray());
    return info.toByteArray();
  }

  private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
    writeVarint(out, ((long) field << 3) | wireType);
  }

  private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
    writeTag(out, field, 0);
    writeVarint(out, value);
  }

  private static void writeString(ByteArrayOutputStream out, int field, String s) {
    writeBytes(out, field, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
    writeTag(out, field, 2);
    writeVarint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
