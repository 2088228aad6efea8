package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema 2020-12 validator for the subset of keywords the RunPod v2 OpenAPI document uses.
 * It refuses (throws) on any assertion keyword it does not implement, so a schema is never silently
 * half-checked. {@code unevaluatedProperties} follows the specification: properties evaluated by
 * passing {@code allOf}/{@code anyOf}/{@code oneOf}/{@code if}/{@code then}/{@code $ref} subschemas
 * count as evaluated.
 */
final class JsonSchemaValidator {
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "description",
          "examples",
          "example",
          "default",
          "format",
          "title",
          "deprecated",
          "readOnly",
          "writeOnly",
          "discriminator",
          "externalDocs",
          "$comment",
          "nullable");
  private static final Set<String> ASSERTIONS =
      Set.of(
          "$ref",
          "type",
          "enum",
          "const",
          "properties",
          "additionalProperties",
          "unevaluatedProperties",
          "required",
          "minProperties",
          "dependentRequired",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "items",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minLength",
          "maxLength",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum");

  private final JsonNode root;

  JsonSchemaValidator(JsonNode root) {
    this.root = root;
  }

  /** Validation errors as {@code <json path>: <problem>}; empty when valid. */
  List<String> validate(JsonNode schema, JsonNode instance) {
    Result r = check(schema, instance, "$");
    return r.errors;
  }

  private static final class Result {
    final List<String> errors = new ArrayList<>();
    final Set<String> evaluated = new HashSet<>();

    boolean ok() {
      return errors.isEmpty();
    }
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalStateException("unsupported $ref " + ref);
    }
    JsonNode node = root.at(ref.substring(1));
    if (node.isMissingNode()) {
      throw new IllegalStateException("unresolvable $ref " + ref);
    }
    return node;
  }

  private Result check(JsonNode schema, JsonNode inst, String path) {
    Result r = new Result();
    if (schema.isBoolean()) {
      if (!schema.asBoolean()) {
        r.errors.add(path + ": not allowed");
      }
      return r;
    }
    Iterator<String> names = schema.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!ASSERTIONS.contains(k) && !ANNOTATIONS.contains(k) && !k.startsWith("x-")) {
        throw new IllegalStateException("unsupported schema keyword '" + k + "' at " + path);
      }
    }
    if (schema.has("$ref")) {
      merge(r, check(resolve(schema.get("$ref").asText()), inst, path));
    }
    if (schema.has("type")) {
      JsonNode t = schema.get("type");
      boolean match = false;
      if (t.isArray()) {
        for (JsonNode one : t) {
          match |= typeMatches(one.asText(), inst);
        }
      } else {
        match = typeMatches(t.asText(), inst);
      }
      if (!match) {
        r.errors.add(path + ": expected type " + t + " but was " + kind(inst));
        return r;
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode v : schema.get("enum")) {
        found |= v.equals(inst);
      }
      if (!found) {
        r.errors.add(path + ": " + inst + " is not one of " + schema.get("enum"));
      }
    }
    if (schema.has("const") && !schema.get("const").equals(inst)) {
      r.errors.add(path + ": must be " + schema.get("const"));
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      if (!schema.has(combinator)) {
        continue;
      }
      List<Result> results = new ArrayList<>();
      for (JsonNode sub : schema.get(combinator)) {
        results.add(check(sub, inst, path));
      }
      long passing = results.stream().filter(Result::ok).count();
      switch (combinator) {
        case "allOf":
          results.forEach(x -> merge(r, x));
          break;
        case "anyOf":
          if (passing == 0) {
            r.errors.add(path + ": matches none of anyOf " + firstErrors(results));
          } else {
            results.stream().filter(Result::ok).forEach(x -> r.evaluated.addAll(x.evaluated));
          }
          break;
        default:
          if (passing != 1) {
            r.errors.add(path + ": matches " + passing + " of oneOf " + firstErrors(results));
          } else {
            results.stream().filter(Result::ok).forEach(x -> r.evaluated.addAll(x.evaluated));
          }
      }
    }
    if (schema.has("not") && check(schema.get("not"), inst, path).ok()) {
      r.errors.add(path + ": must not match " + schema.get("not"));
    }
    if (schema.has("if")) {
      Result cond = check(schema.get("if"), inst, path);
      if (cond.ok()) {
        r.evaluated.addAll(cond.evaluated);
        if (schema.has("then")) {
          merge(r, check(schema.get("then"), inst, path));
        }
      } else if (schema.has("else")) {
        merge(r, check(schema.get("else"), inst, path));
      }
    }
    if (inst.isObject()) {
      checkObject(schema, inst, path, r);
    }
    if (inst.isArray()) {
      checkArray(schema, inst, path, r);
    }
    if (inst.isTextual()) {
      String s = inst.asText();
      int len = s.codePointCount(0, s.length());
      if (schema.has("minLength") && len < schema.get("minLength").asInt()) {
        r.errors.add(path + ": shorter than " + schema.get("minLength"));
      }
      if (schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
        r.errors.add(path + ": longer than " + schema.get("maxLength"));
      }
      if (schema.has("pattern")
          && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
        r.errors.add(path + ": does not match " + schema.get("pattern"));
      }
    }
    if (inst.isNumber()) {
      double v = inst.asDouble();
      if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
        r.errors.add(path + ": " + inst + " is below minimum " + schema.get("minimum"));
      }
      if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
        r.errors.add(path + ": " + inst + " is above maximum " + schema.get("maximum"));
      }
      if (schema.has("exclusiveMinimum") && v <= schema.get("exclusiveMinimum").asDouble()) {
        r.errors.add(path + ": must exceed " + schema.get("exclusiveMinimum"));
      }
      if (schema.has("exclusiveMaximum") && v >= schema.get("exclusiveMaximum").asDouble()) {
        r.errors.add(path + ": must be below " + schema.get("exclusiveMaximum"));
      }
    }
    return r;
  }

  private void checkObject(JsonNode schema, JsonNode inst, String path, Result r) {
    JsonNode props = schema.get("properties");
    if (props != null) {
      for (Map.Entry<String, JsonNode> p : props.properties()) {
        JsonNode value = inst.get(p.getKey());
        if (value != null) {
          r.evaluated.add(p.getKey());
          merge(r, check(p.getValue(), value, path + "." + p.getKey()), false);
        }
      }
    }
    if (schema.has("additionalProperties")) {
      JsonNode extra = schema.get("additionalProperties");
      for (Map.Entry<String, JsonNode> e : inst.properties()) {
        if (props != null && props.has(e.getKey())) {
          continue;
        }
        if (extra.isBoolean() && !extra.asBoolean()) {
          r.errors.add(path + ": additional property '" + e.getKey() + "' not allowed");
        } else {
          merge(r, check(extra, e.getValue(), path + "." + e.getKey()), false);
        }
        r.evaluated.add(e.getKey());
      }
    }
    if (schema.has("required")) {
      for (JsonNode req : schema.get("required")) {
        if (!inst.has(req.asText())) {
          r.errors.add(path + ": missing required property '" + req.asText() + "'");
        }
      }
    }
    if (schema.has("minProperties") && inst.size() < schema.get("minProperties").asInt()) {
      r.errors.add(path + ": fewer than " + schema.get("minProperties") + " properties");
    }
    if (schema.has("dependentRequired")) {
      for (Map.Entry<String, JsonNode> dep : schema.get("dependentRequired").properties()) {
        if (inst.has(dep.getKey())) {
          for (JsonNode req : dep.getValue()) {
            if (!inst.has(req.asText())) {
              r.errors.add(path + ": '" + dep.getKey() + "' requires '" + req.asText() + "'");
            }
          }
        }
      }
    }
    if (schema.has("unevaluatedProperties")) {
      JsonNode uneval = schema.get("unevaluatedProperties");
      for (Map.Entry<String, JsonNode> e : inst.properties()) {
        if (r.evaluated.contains(e.getKey())) {
          continue;
        }
        if (uneval.isBoolean() && !uneval.asBoolean()) {
          r.errors.add(path + ": unevaluated property '" + e.getKey() + "' not allowed");
        } else {
          merge(r, check(uneval, e.getValue(), path + "." + e.getKey()), false);
        }
        r.evaluated.add(e.getKey());
      }
    }
  }

  private void checkArray(JsonNode schema, JsonNode inst, String path, Result r) {
    if (schema.has("items")) {
      for (int i = 0; i < inst.size(); i++) {
        merge(r, check(schema.get("items"), inst.get(i), path + "[" + i + "]"), false);
      }
    }
    if (schema.has("minItems") && inst.size() < schema.get("minItems").asInt()) {
      r.errors.add(path + ": fewer than " + schema.get("minItems") + " items");
    }
    if (schema.has("maxItems") && inst.size() > schema.get("maxItems").asInt()) {
      r.errors.add(path + ": more than " + schema.get("maxItems") + " items");
    }
    if (schema.has("uniqueItems") && schema.get("uniqueItems").asBoolean()) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode item : inst) {
        if (!seen.add(item)) {
          r.errors.add(path + ": duplicate item " + item);
        }
      }
    }
  }

  private static void merge(Result into, Result from) {
    merge(into, from, true);
  }

  /** Errors always propagate; evaluated names only for subschemas applied to the same object. */
  private static void merge(Result into, Result from, boolean sameInstance) {
    into.errors.addAll(from.errors);
    if (sameInstance && from.ok()) {
      into.evaluated.addAll(from.evaluated);
    }
  }

  private static String firstErrors(List<Result> results) {
    List<String> out = new ArrayList<>();
    for (Result x : results) {
      if (!x.ok()) {
        out.add(x.errors.get(0));
      }
    }
    return out.toString();
  }

  private static boolean typeMatches(String type, JsonNode inst) {
    switch (type) {
      case "object":
        return inst.isObject();
      case "array":
        return inst.isArray();
      case "string":
        return inst.isTextual();
      case "boolean":
        return inst.isBoolean();
      case "null":
        return inst.isNull();
      case "number":
        return inst.isNumber();
      case "integer":
        return inst.isIntegralNumber()
            || (inst.isNumber() && inst.asDouble() == Math.rint(inst.asDouble()));
      default:
        throw new IllegalStateException("unknown type " + type);
    }
  }

  private static String kind(JsonNode inst) {
    return inst.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
