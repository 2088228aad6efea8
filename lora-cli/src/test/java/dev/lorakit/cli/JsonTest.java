package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  /** What the CLI wrote before the streaming writer: jackson-databind with INDENT_OUTPUT. */
  private static final ObjectMapper DATABIND =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void write_commandTrees_sameBytesAsDatabind() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("path", "40_maya_char/img 001.jpg");
    inner.put("quote", "say \"hi\"\n\ttab \u00e9 \u0001");
    inner.put("int", 42);
    inner.put("long", 1L << 40);
    inner.put("double", 0.1 + 0.2);
    inner.put("nan", Double.NaN);
    inner.put("float", 1.5f);
    inner.put("big", new BigDecimal("1e-9"));
    inner.put("null", null);
    inner.put("bool", true);
    inner.put("empty", List.of());
    inner.put("emptyMap", Map.of());
    List<Object> list = new ArrayList<>(Arrays.asList(1, "two", null, false, List.of(3, 4)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inner", inner);
    root.put("list", list);
    root.put("models", List.of(Map.of("id", "qwen-image")));

    assertThat(Json.write(root)).isEqualTo(DATABIND.writeValueAsString(root));
  }

  @Test
  void write_otherValues_fallBackToDatabindInPlace() throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("enum", OutputFormat.JSON);
    root.put("chars", new char[] {'a', 'b'});

    assertThat(Json.write(root)).isEqualTo(DATABIND.writeValueAsString(root));
  }
}
