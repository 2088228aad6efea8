package dev.lorakit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The one JSON writer of the CLI: stable key order (insertion), pretty-printed.
 *
 * <p>The trees the commands build (maps, lists, strings, numbers, booleans) go through
 * jackson-core's streaming generator; only other values fall back to jackson-databind. Setting up
 * an {@code ObjectMapper} loads about 470 classes, 0.1 s of a short command's start-up
 * (docs/performance.md); the output is byte for byte the same (both use the default pretty
 * printer).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Built on first use: only the run's event stream writes JSON lines. */
  private static final class Line {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** One value on one line, for JSON lines (a run's event stream). */
  static String line(Object value) {
    try {
      return Line.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String write(Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator gen = FACTORY.createGenerator(text)) {
      gen.useDefaultPrettyPrinter();
      write(gen, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof CharSequence) {
      gen.writeString(value.toString());
    } else if (value instanceof Boolean) {
      gen.writeBoolean((Boolean) value);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      gen.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double) {
      gen.writeNumber((Double) value);
    } else if (value instanceof Float) {
      gen.writeNumber((Float) value);
    } else if (value instanceof BigDecimal) {
      gen.writeNumber((BigDecimal) value);
    } else if (value instanceof BigInteger) {
      gen.writeNumber((BigInteger) value);
    } else if (value instanceof Map) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        write(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof Iterable) {
      gen.writeStartArray();
      for (Object item : (Iterable<?>) value) {
        write(gen, item);
      }
      gen.writeEndArray();
    } else {
      Databind.MAPPER.writeValue(gen, value);
    }
  }

  /** Anything else (a bean, an Optional): databind, set up only when first needed. */
  private static final class Databind {
    private static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
