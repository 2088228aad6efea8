package dev.lorakit.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and validates a header exactly as the reference {@code SafeTensors::read_metadata} and
 * {@code Metadata::validate} do, in the same order, plus duplicate-key rejection.
 */
final class HeaderParser {

  /** The reference {@code MAX_HEADER_SIZE}: decimal 100 MB. */
  static final long MAX_HEADER_SIZE = 100_000_000L;

  /**
   * A valid header nests three levels (object, tensor entry, shape); deeper nesting can only sit in
   * ignored extra fields. The reference parser (serde_json) stops at 128.
   */
  static final int MAX_NESTING_DEPTH = 64;

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxNumberLength(64)
                  .maxStringLength((int) MAX_HEADER_SIZE)
                  .maxNameLength((int) MAX_HEADER_SIZE)
                  .maxDocumentLength(MAX_HEADER_SIZE)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final Path file;

  private HeaderParser(Path file) {
    this.file = file;
  }

  /**
   * Validates the first 8 bytes: returns N, or throws for {@code HeaderTooSmall}, {@code
   * HeaderTooLarge}, {@code InvalidHeaderLength}.
   */
  static long checkLength(ByteBuffer first8, long fileSize, Path file) {
    if (fileSize < 8 || first8.remaining() < 8) {
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.HEADER_TOO_SMALL,
          "file is " + fileSize + " bytes, shorter than the 8-byte header length",
          file,
          null);
    }
    long n = first8.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(first8.position());
    if (Long.compareUnsigned(n, MAX_HEADER_SIZE) > 0) {
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.HEADER_TOO_LARGE,
          "declared header length "
              + Long.toUnsignedString(n)
              + " is above the limit of 100000000 bytes",
          file,
          null);
    }
    if (8 + n > fileSize) {
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.INVALID_HEADER_LENGTH,
          "declared header length " + n + " runs past the end of the " + fileSize + "-byte file",
          file,
          null);
    }
    return n;
  }

  /** Parses header bytes (the N bytes after the length) of a file of {@code fileSize} bytes. */
  static SafetensorsHeader parse(ByteBuffer headerBytes, long fileSize, Path file) {
    long n = headerBytes.remaining();
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(headerBytes);
    } catch (CharacterCodingException e) {
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.INVALID_HEADER, "header is not valid UTF-8", file, e);
    }
    HeaderParser p = new HeaderParser(file);
    List<RawTensor> raw = new ArrayList<>();
    Map<String, String> metadata = p.parseJson(chars, raw);
    List<TensorInfo> tensors = p.validate(raw, n, fileSize);
    return SafetensorsHeader.builder()
        .headerLength(n)
        .fileSize(fileSize)
        .metadata(metadata)
        .tensors(tensors)
        .build();
  }

  /** A tensor entry before validation; numbers are unsigned 64-bit values held in a long. */
  private static final class RawTensor {
    final String name;
    final Dtype dtype;
    final long[] shape;
    final long begin;
    final long end;
    final int index;

    RawTensor(String name, Dtype dtype, long[] shape, long begin, long end, int index) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.begin = begin;
      this.end = end;
      this.index = index;
    }
  }

  private Map<String, String> parseJson(CharBuffer chars, List<RawTensor> out) {
    Map<String, String> metadata = new LinkedHashMap<>();
    char[] array;
    int offset;
    int length = chars.remaining();
    if (chars.hasArray()) {
      array = chars.array();
      offset = chars.arrayOffset() + chars.position();
    } else {
      array = new char[length];
      chars.get(array);
      offset = 0;
    }
    try (JsonParser p = FACTORY.createParser(array, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw deserialization("header is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if ("__metadata__".equals(key)) {
          readMetadata(p, value, metadata);
        } else {
          out.add(readTensor(p, key, value, out.size()));
        }
      }
      if (p.nextToken() != null) {
        throw deserialization("trailing characters after the header object");
      }
    } catch (StreamConstraintsException e) {
      throw deserialization("header exceeds a parser limit: " + e.getOriginalMessage(), e);
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage();
      if (msg != null && msg.startsWith("Duplicate field")) {
        throw deserialization("duplicate key: " + msg.substring("Duplicate field ".length()), e);
      }
      throw deserialization(
          "malformed JSON at character " + e.getLocation().getCharOffset() + ": " + firstLine(msg),
          e);
    } catch (IOException e) {
      throw deserialization("malformed JSON: " + firstLine(e.getMessage()), e);
    }
    return metadata;
  }

  private void readMetadata(JsonParser p, JsonToken value, Map<String, String> metadata)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw deserialization("__metadata__ is not an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw deserialization("__metadata__ value of '" + shorten(k) + "' is not a string");
      }
      metadata.put(k, p.getText());
    }
  }

  private RawTensor readTensor(JsonParser p, String name, JsonToken value, int index)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw deserialization("entry of tensor '" + shorten(name) + "' is not an object");
    }
    Dtype dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "dtype":
          if (t != JsonToken.VALUE_STRING) {
            throw deserialization("dtype of tensor '" + shorten(name) + "' is not a string");
          }
          String text = p.getText();
          dtype =
              Dtype.fromName(text)
                  .orElseThrow(
                      () ->
                          deserialization(
                              "unknown dtype '"
                                  + shorten(text)
                                  + "' of tensor '"
                                  + shorten(name)
                                  + "'"));
          break;
        case "shape":
          shape = readUnsignedArray(p, t, name, "shape");
          break;
        case "data_offsets":
          offsets = readUnsignedArray(p, t, name, "data_offsets");
          if (offsets.length != 2) {
            throw deserialization(
                "data_offsets of tensor '"
                    + shorten(name)
                    + "' has "
                    + offsets.length
                    + " values, not 2");
          }
          break;
        default:
          // The reference ignores unknown fields of a tensor entry.
          p.skipChildren();
      }
    }
    if (dtype == null || shape == null || offsets == null) {
      String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
      throw deserialization("tensor '" + shorten(name) + "' has no " + missing);
    }
    return new RawTensor(name, dtype, shape, offsets[0], offsets[1], index);
  }

  private long[] readUnsignedArray(JsonParser p, JsonToken t, String name, String field)
      throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw deserialization(field + " of tensor '" + shorten(name) + "' is not an array");
    }
    long[] values = new long[4];
    int count = 0;
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      if (v != JsonToken.VALUE_NUMBER_INT) {
        throw deserialization(field + " of tensor '" + shorten(name) + "' holds a non-integer");
      }
      long value;
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        BigInteger big = p.getBigIntegerValue();
        if (big.signum() < 0 || big.compareTo(U64_MAX) > 0) {
          throw deserialization(
              field + " of tensor '" + shorten(name) + "' holds " + big + ", outside 0..2^64-1");
        }
        value = big.longValue();
      } else {
        value = p.getLongValue();
        if (value < 0) {
          throw deserialization(
              field + " of tensor '" + shorten(name) + "' holds negative " + value);
        }
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = value;
    }
    return Arrays.copyOf(values, count);
  }

  private List<TensorInfo> validate(List<RawTensor> raw, long n, long fileSize) {
    List<RawTensor> sorted = new ArrayList<>(raw);
    Comparator<RawTensor> byOffsets =
        (a, b) -> {
          int c = Long.compareUnsigned(a.begin, b.begin);
          return c != 0 ? c : Long.compareUnsigned(a.end, b.end);
        };
    sorted.sort(byOffsets.thenComparingInt(t -> t.index));
    long start = 0;
    TensorInfo[] infos = new TensorInfo[raw.size()];
    for (RawTensor t : sorted) {
      if (t.begin != start || Long.compareUnsigned(t.end, t.begin) < 0) {
        throw layout(
            SafetensorsErrorKind.INVALID_OFFSET,
            t.name,
            String.format(
                Locale.ROOT,
                "tensor '%s' has data_offsets [%s, %s] but the previous tensor ends at %s",
                shorten(t.name),
                Long.toUnsignedString(t.begin),
                Long.toUnsignedString(t.end),
                Long.toUnsignedString(start)));
      }
      long elements = 1;
      for (long d : t.shape) {
        elements = multiplyUnsigned(elements, d, t);
      }
      long bits = multiplyUnsigned(elements, t.dtype.bits(), t);
      if (bits % 8 != 0) {
        throw layout(
            SafetensorsErrorKind.MISALIGNED_SLICE,
            t.name,
            "tensor '"
                + shorten(t.name)
                + "' of "
                + t.dtype
                + " has "
                + bits
                + " bits, not whole bytes");
      }
      long bytes = Long.divideUnsigned(bits, 8);
      if (t.end - t.begin != bytes) {
        throw layout(
            SafetensorsErrorKind.TENSOR_INVALID_INFO,
            t.name,
            String.format(
                Locale.ROOT,
                "tensor '%s' is %s %s, %s bytes, but its data_offsets span %s bytes",
                shorten(t.name),
                t.dtype,
                unsignedShape(t.shape),
                Long.toUnsignedString(bytes),
                Long.toUnsignedString(t.end - t.begin)));
      }
      for (long d : t.shape) {
        if (d < 0) {
          throw layout(
              SafetensorsErrorKind.VALIDATION_OVERFLOW,
              t.name,
              "tensor '"
                  + shorten(t.name)
                  + "' has dimension "
                  + Long.toUnsignedString(d)
                  + ", beyond Java's long range");
        }
      }
      start = t.end;
      List<Long> shape = new ArrayList<>(t.shape.length);
      for (long d : t.shape) {
        shape.add(d);
      }
      infos[t.index] =
          TensorInfo.builder()
              .name(t.name)
              .dtype(t.dtype)
              .shape(shape)
              .begin(t.begin)
              .end(t.end)
              .build();
    }
    // start <= 2^64-1 and n <= 1e8: compare without overflow.
    boolean complete =
        Long.compareUnsigned(start, Long.MAX_VALUE - 8 - n) <= 0 && start + 8 + n == fileSize;
    if (!complete) {
      throw new SafetensorsLayoutException(
          SafetensorsErrorKind.METADATA_INCOMPLETE_BUFFER,
          null,
          String.format(
              Locale.ROOT,
              "tensors cover %s data bytes but the file holds %d after the header (%s)",
              Long.toUnsignedString(start),
              fileSize - 8 - n,
              Long.compareUnsigned(start, fileSize - 8 - n) > 0 ? "truncated" : "trailing bytes"),
          file,
          null);
    }
    return Arrays.asList(infos);
  }

  private long multiplyUnsigned(long a, long b, RawTensor t) {
    if (a != 0 && Long.compareUnsigned(b, Long.divideUnsigned(-1L, a)) > 0) {
      throw layout(
          SafetensorsErrorKind.VALIDATION_OVERFLOW,
          t.name,
          "element or bit count of tensor '"
              + shorten(t.name)
              + "' with shape "
              + unsignedShape(t.shape)
              + " overflows 64 bits");
    }
    return a * b;
  }

  private static String unsignedShape(long[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(shape[i]));
    }
    return sb.append(']').toString();
  }

  /** Tensor names can be megabytes long; messages carry at most 200 characters of one. */
  static String shorten(String name) {
    return name.length() <= 200 ? name : name.substring(0, 200) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private SafetensorsHeaderException deserialization(String detail) {
    return deserialization(detail, null);
  }

  private SafetensorsHeaderException deserialization(String detail, Throwable cause) {
    return new SafetensorsHeaderException(
        SafetensorsErrorKind.INVALID_HEADER_DESERIALIZATION, detail, file, cause);
  }

  private SafetensorsLayoutException layout(
      SafetensorsErrorKind kind, String tensor, String detail) {
    return new SafetensorsLayoutException(kind, tensor, detail, file, null);
  }
}
