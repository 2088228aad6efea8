package dev.lorakit.comfyui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.core.validation.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Workflow} in ComfyUI's API format ({@code {"1": {"class_type": ..., "inputs":
 * {...}}}}, links as {@code ["id", output]}) and reads one back with the line and column of every
 * node and input.
 *
 * <pre>{@code
 * String json = WorkflowJson.write(workflow);
 * String body = WorkflowJson.promptBody(workflow); // {"prompt": {...}} for POST /prompt
 * ParsedWorkflow back = WorkflowJson.read(json);
 * }</pre>
 */
public final class WorkflowJson {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private WorkflowJson() {}

  /** The graph as nested maps and lists, ready for any JSON writer. */
  public static Map<String, Object> toMap(Workflow workflow) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (WorkflowNode n : workflow.nodes().values()) {
      Map<String, Object> node = new LinkedHashMap<>();
      n.classType().ifPresent(c -> node.put("class_type", c));
      Map<String, Object> inputs = new LinkedHashMap<>();
      n.inputs()
          .forEach(
              (k, v) ->
                  inputs.put(
                      k,
                      v.link().isPresent()
                          ? List.of(v.link().get().node(), v.link().get().output())
                          : v.value().orElse(null)));
      node.put("inputs", inputs);
      out.put(n.id(), node);
    }
    return out;
  }

  public static String write(Workflow workflow) {
    return json(toMap(workflow));
  }

  /** The body of {@code POST /prompt}: {@code {"prompt": graph}}. */
  public static String promptBody(Workflow workflow) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", toMap(workflow));
    return json(body);
  }

  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code text} is a ComfyUI API workflow: a JSON object whose every value is an object
   * with {@code class_type} or {@code inputs} (or a {@code /prompt} body holding one).
   */
  public static boolean isApiWorkflow(String text) {
    try {
      JsonNode root = MAPPER.readTree(text);
      if (root != null && root.isObject() && root.size() == 1 && root.path("prompt").isObject()) {
        root = root.get("prompt");
      }
      if (root == null || !root.isObject() || root.isEmpty()) {
        return false;
      }
      for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
        JsonNode n = it.next();
        if (!n.isObject() || !(n.has("class_type") || n.has("inputs"))) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code text} is ComfyUI's UI (graph editor) format rather than the API format. */
  public static boolean isUiWorkflow(String text) {
    try {
      JsonNode root = MAPPER.readTree(text);
      return root != null && root.path("nodes").isArray() && root.path("links").isArray();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads an API workflow (or a {@code /prompt} body) with positions. Never throws for bad text:
   * the reason lands in {@link ParsedWorkflow#problem()}.
   */
  public static ParsedWorkflow read(String text) {
    ImmutableParsedWorkflow.Builder out = ParsedWorkflow.builder();
    ImmutableWorkflow.Builder graph = Workflow.builder();
    Map<String, SourceLocation> where = new LinkedHashMap<>();
    if (isUiWorkflow(text)) {
      return out.workflow(graph.build())
          .uiFormat(true)
          .problem("the file is ComfyUI's UI format (nodes and links), not the API format")
          .problemLocation(SourceLocation.of(1, 1))
          .build();
    }
    try (JsonParser p = new JsonFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return out.workflow(graph.build())
            .problem("the file is not a JSON object of node ids")
            .problemLocation(at(p.currentTokenLocation()))
            .build();
      }
      boolean body = false;
      Map<String, WorkflowNode> nodes = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String id = p.currentName();
        SourceLocation loc = at(p.currentTokenLocation());
        JsonToken t = p.nextToken();
        if (id.equals("prompt") && t == JsonToken.START_OBJECT && nodes.isEmpty() && !body) {
          body = true;
          continue; // a /prompt body: read the nodes inside
        }
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          nodes.put(id, WorkflowNode.builder().id(id).build());
          where.put(id, loc);
          continue;
        }
        where.put(id, loc);
        nodes.put(id, node(p, id, where));
      }
      return out.workflow(graph.nodes(nodes).build()).locations(where).build();
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      return out.workflow(graph.build())
          .locations(where)
          .problem("the file is not valid JSON: " + e.getOriginalMessage())
          .problemLocation(l == null ? SourceLocation.of(1, 1) : at(l))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WorkflowNode node(JsonParser p, String id, Map<String, SourceLocation> where)
      throws IOException {
    ImmutableWorkflowNode.Builder n = WorkflowNode.builder().id(id);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      if (key.equals("class_type") && t == JsonToken.VALUE_STRING) {
        n.classType(p.getText());
      } else if (key.equals("inputs") && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          where.put(id + ".inputs." + name, at(p.currentTokenLocation()));
          p.nextToken();
          Object value = value(MAPPER.readTree(p));
          n.putInput(name, input(value));
        }
      } else {
        p.skipChildren();
      }
    }
    return n.build();
  }

  private static NodeInput input(Object value) {
    if (value instanceof List<?> l
        && l.size() == 2
        && l.get(0) instanceof String node
        && (l.get(1) instanceof Long || l.get(1) instanceof Integer)) {
      return NodeInput.link(node, ((Number) l.get(1)).intValue());
    }
    return NodeInput.literal(value);
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      BigInteger b = v.bigIntegerValue();
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(e -> l.add(value(e)));
      return l;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    v.properties().forEach(e -> m.put(e.getKey(), value(e.getValue())));
    return m;
  }

  private static SourceLocation at(JsonLocation l) {
    return SourceLocation.of(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
