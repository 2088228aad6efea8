package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The RunPod v2 OpenAPI document (a verbatim copy of {@code
 * shared/reference/runpod-openapi-v2.json} in test resources) and checks of requests and responses
 * against it.
 */
final class OpenApiSpec {
  private static final OpenApiSpec INSTANCE = load();

  private final JsonNode root;
  private final JsonSchemaValidator validator;

  private OpenApiSpec(JsonNode root) {
    this.root = root;
    this.validator = new JsonSchemaValidator(root);
  }

  static OpenApiSpec get() {
    return INSTANCE;
  }

  private static OpenApiSpec load() {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream("runpod-openapi-v2.json")) {
      if (in == null) {
        throw new IllegalStateException("runpod-openapi-v2.json missing from test resources");
      }
      return new OpenApiSpec(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode schema(String name) {
    JsonNode s = root.path("components").path("schemas").path(name);
    if (s.isMissingNode()) {
      throw new IllegalArgumentException("no schema " + name);
    }
    return s;
  }

  List<String> validate(JsonNode schema, JsonNode instance) {
    return validator.validate(schema, instance);
  }

  /** The spec path template matching a concrete path, literal segments preferred. */
  Optional<String> template(String path) {
    JsonNode paths = root.get("paths");
    if (paths.has(path)) {
      return Optional.of(path);
    }
    for (Map.Entry<String, JsonNode> e : paths.properties()) {
      String regex = e.getKey().replaceAll("\\{[^/]+}", "[^/]+");
      if (Pattern.matches(regex, path)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  Optional<JsonNode> operation(String method, String path) {
    return template(path)
        .map(t -> root.get("paths").get(t).get(method.toLowerCase(Locale.ROOT)))
        .filter(n -> n != null && !n.isNull());
  }

  /** Checks a JSON request body against the operation's request schema. */
  List<String> checkRequestBody(String method, String path, JsonNode body) {
    Optional<JsonNode> op = operation(method, path);
    if (op.isEmpty()) {
      return List.of(method + " " + path + ": no such operation in the spec");
    }
    JsonNode schema = op.get().path("requestBody").path("content").path("application/json");
    if (schema.isMissingNode()) {
      return List.of(method + " " + path + ": operation takes no body");
    }
    return validate(schema.get("schema"), body);
  }

  /** Checks query parameters (values as sent) against the operation's parameter schemas. */
  List<String> checkQuery(String method, String path, Map<String, String> query) {
    Optional<JsonNode> op = operation(method, path);
    if (op.isEmpty()) {
      return List.of(method + " " + path + ": no such operation in the spec");
    }
    List<JsonNode> params = new ArrayList<>();
    op.get().path("parameters").forEach(p -> params.add(deref(p)));
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, String> q : query.entrySet()) {
      JsonNode param =
          params.stream()
              .filter(p -> p.path("in").asText().equals("query"))
              .filter(p -> p.path("name").asText().equals(q.getKey()))
              .findFirst()
              .orElse(null);
      if (param == null) {
        errors.add("query parameter '" + q.getKey() + "' is not in the spec");
        continue;
      }
      JsonNode schema = deref(param.get("schema"));
      JsonNode value;
      if ("array".equals(schema.path("type").asText())) {
        value = JsonNodeFactory.instance.arrayNode();
        for (String part : q.getValue().split(",", -1)) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) value)
              .add(scalar(part, schema.get("items")));
        }
      } else {
        value = scalar(q.getValue(), schema);
      }
      validate(schema, value).forEach(e -> errors.add("query " + q.getKey() + " " + e));
    }
    return errors;
  }

  private JsonNode scalar(String text, JsonNode schema) {
    JsonNode s = deref(schema);
    String type = s.path("type").asText();
    try {
      if (type.equals("integer")) {
        return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
      }
      if (type.equals("boolean") && (text.equals("true") || text.equals("false"))) {
        return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
      }
    } catch (NumberFormatException e) {
      return JsonNodeFactory.instance.textNode(text);
    }
    return JsonNodeFactory.instance.textNode(text);
  }

  private JsonNode deref(JsonNode node) {
    if (node != null && node.has("$ref")) {
      return root.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  /** Checks a JSON response against the schema declared for its status (or default). */
  List<String> checkResponse(String method, String path, int status, JsonNode body) {
    Optional<JsonNode> op = operation(method, path);
    if (op.isEmpty()) {
      return List.of(method + " " + path + ": no such operation in the spec");
    }
    JsonNode responses = op.get().get("responses");
    JsonNode response = responses.get(Integer.toString(status));
    if (response == null) {
      response = responses.get("default");
    }
    if (response == null) {
      return List.of(method + " " + path + ": status " + status + " not declared");
    }
    response = deref(response);
    JsonNode content = response.path("content");
    JsonNode media = content.path("application/json");
    if (media.isMissingNode()) {
      media = content.path("application/problem+json");
    }
    if (media.isMissingNode() || !media.has("schema")) {
      return body == null ? List.of() : List.of(status + " declares no JSON body");
    }
    return validate(media.get("schema"), body);
  }
}
