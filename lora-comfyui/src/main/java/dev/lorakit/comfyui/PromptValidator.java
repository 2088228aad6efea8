package dev.lorakit.comfyui;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * ComfyUI's prompt validation replayed on a {@link Workflow}: {@code execution.py} {@code
 * validate_prompt} (966-1064) and {@code validate_inputs} (725-957) at commit {@code a125cd84},
 * over a {@link NodeSchemas} table and, for file inputs, a {@link ModelInventory}.
 *
 * <p>Like ComfyUI it stops at the first node without a known class, validates only what the output
 * nodes reach, converts {@code INT}/{@code FLOAT} widget values the way Python's {@code int()} and
 * {@code float()} do before checking min and max, compares list values without conversion, and
 * checks a linked output's type with {@code validate_node_input} ({@code *} matches anything;
 * comma-separated types match when they share one). {@link #problems} instead reports every problem
 * of every node, for a linter.
 *
 * <pre>{@code
 * PromptValidation v = PromptValidator.of(NodeSchemas.standard(), ModelInventory.unknown())
 *     .validate(workflow);
 * }</pre>
 */
public final class PromptValidator {
  private final NodeSchemas schemas;
  private final ModelInventory inventory;

  private PromptValidator(NodeSchemas schemas, ModelInventory inventory) {
    this.schemas = Objects.requireNonNull(schemas, "schemas");
    this.inventory = Objects.requireNonNull(inventory, "inventory");
  }

  public static PromptValidator of(NodeSchemas schemas, ModelInventory inventory) {
    return new PromptValidator(schemas, inventory);
  }

  /** The standard table without an inventory: file inputs are not checked. */
  public static PromptValidator standard() {
    return of(NodeSchemas.standard(), ModelInventory.unknown());
  }

  /** What {@code POST /prompt} would answer for {@code workflow}. */
  public PromptValidation validate(Workflow workflow) {
    Set<String> outputs = new LinkedHashSet<>();
    for (WorkflowNode n : workflow.nodes().values()) {
      Optional<PromptProblem> bad = classProblem(n);
      if (bad.isPresent()) {
        return PromptValidation.builder().error(bad.get()).build();
      }
      if (schemas.find(n.classType().get()).orElseThrow().outputNode()) {
        outputs.add(n.id());
      }
    }
    if (outputs.isEmpty()) {
      return PromptValidation.builder().error(noOutputs()).build();
    }
    Map<String, Result> validated = new LinkedHashMap<>();
    List<String> good = new ArrayList<>();
    Map<String, List<PromptProblem>> nodeErrors = new LinkedHashMap<>();
    List<PromptProblem> failedOutputs = new ArrayList<>();
    for (String o : outputs) {
      Result r;
      try {
        r = validateInputs(workflow, o, validated);
      } catch (LinkException e) {
        // validate_prompt's own try: the output node itself raised.
        r = new Result(false, List.of(exception(workflow, o, "exception_during_validation", e)));
        validated.put(o, r);
      }
      if (r.valid) {
        good.add(o);
      } else {
        failedOutputs.addAll(r.reasons);
        validated.forEach(
            (id, res) -> {
              if (!res.valid && !res.reasons.isEmpty()) {
                nodeErrors.putIfAbsent(id, res.reasons);
              }
            });
      }
    }
    ImmutablePromptValidation.Builder b =
        PromptValidation.builder().goodOutputs(good).nodeErrors(nodeErrors);
    if (good.isEmpty()) {
      StringBuilder details = new StringBuilder();
      for (PromptProblem p : failedOutputs) {
        if (details.length() > 0) {
          details.append('\n');
        }
        details.append(p.message()).append(": ").append(p.details());
      }
      b.error(
          PromptProblem.builder()
              .type("prompt_outputs_failed_validation")
              .message("Prompt outputs failed validation")
              .details(details.toString())
              .build());
    }
    return b.build();
  }

  /**
   * Every problem ComfyUI's rules find in {@code workflow}, node by node, whether or not an output
   * reaches the node and whether or not another node already failed: a linter's view.
   */
  public List<PromptProblem> problems(Workflow workflow) {
    List<PromptProblem> out = new ArrayList<>();
    boolean anyOutput = false;
    for (WorkflowNode n : workflow.nodes().values()) {
      Optional<PromptProblem> bad = classProblem(n);
      if (bad.isPresent()) {
        out.add(bad.get());
        continue;
      }
      NodeSchema schema = schemas.find(n.classType().get()).orElseThrow();
      anyOutput |= schema.outputNode();
      try {
        out.addAll(ownErrors(workflow, n, schema, null));
      } catch (LinkException e) {
        out.add(exception(workflow, n.id(), "exception_during_inner_validation", e));
      }
    }
    if (!anyOutput && out.stream().noneMatch(p -> p.type().equals("invalid_prompt"))) {
      out.add(noOutputs());
    }
    return out;
  }

  private Optional<PromptProblem> classProblem(WorkflowNode n) {
    if (n.classType().isEmpty()) {
      return Optional.of(
          PromptProblem.builder()
              .nodeId(n.id())
              .type("invalid_prompt")
              .message("Cannot execute because a node is missing the class_type property.")
              .details("Node ID '#" + n.id() + "'")
              .build());
    }
    if (schemas.find(n.classType().get()).isEmpty()) {
      return Optional.of(
          PromptProblem.builder()
              .nodeId(n.id())
              .classType(n.classType())
              .type("invalid_prompt")
              .message("Cannot execute because node " + n.classType().get() + " does not exist.")
              .details("Node ID '#" + n.id() + "'")
              .build());
    }
    return Optional.empty();
  }

  private static PromptProblem noOutputs() {
    return PromptProblem.builder()
        .type("prompt_no_outputs")
        .message("Prompt has no outputs")
        .details("")
        .build();
  }

  private static final class Result {
    final boolean valid;
    final List<PromptProblem> reasons;

    Result(boolean valid, List<PromptProblem> reasons) {
      this.valid = valid;
      this.reasons = List.copyOf(reasons);
    }
  }

  /** A Python exception raised while resolving a link (KeyError, IndexError, TypeError). */
  private static final class LinkException extends Exception {
    private static final long serialVersionUID = 1L;
    final String input;

    LinkException(String input, String message) {
      super(message, null, false, false);
      this.input = input;
    }
  }

  private PromptProblem exception(Workflow w, String id, String type, LinkException e) {
    return PromptProblem.builder()
        .nodeId(id)
        .classType(w.node(id).flatMap(WorkflowNode::classType))
        .type(type)
        .message(
            type.equals("exception_during_validation")
                ? "Exception when validating node"
                : "Exception when validating inner node")
        .details(e.getMessage())
        .input(e.input)
        .build();
  }

  private Result validateInputs(Workflow w, String id, Map<String, Result> validated)
      throws LinkException {
    Result done = validated.get(id);
    if (done != null) {
      return done;
    }
    WorkflowNode node = w.node(id).orElseThrow();
    NodeSchema schema = schemas.find(node.classType().get()).orElseThrow();
    Map<String, String> upstream = new HashMap<>();
    List<PromptProblem> errors = ownErrors(w, node, schema, upstream);
    boolean valid = errors.isEmpty();
    for (Map.Entry<String, String> up : upstream.entrySet()) {
      try {
        Result r = validateInputs(w, up.getValue(), validated);
        if (!r.valid) {
          valid = false;
        }
      } catch (LinkException e) {
        valid = false;
        validated.put(
            up.getValue(),
            new Result(
                false,
                List.of(exception(w, up.getValue(), "exception_during_inner_validation", e))));
      }
    }
    Result r = new Result(valid, errors);
    validated.put(id, r);
    return r;
  }

  /**
   * The errors of one node's own inputs; {@code upstream} (when not null) receives the linked nodes
   * whose types matched, which ComfyUI validates next.
   */
  private List<PromptProblem> ownErrors(
      Workflow w, WorkflowNode node, NodeSchema schema, Map<String, String> upstream)
      throws LinkException {
    List<PromptProblem> errors = new ArrayList<>();
    for (InputSpec spec : schema.inputs()) {
      String x = spec.name();
      Optional<NodeInput> given = node.input(x);
      if (given.isEmpty()) {
        if (spec.required()) {
          errors.add(error(node, x, "required_input_missing", "Required input is missing", x));
        }
        continue;
      }
      NodeInput in = given.get();
      if (in.isLink() || in.value().filter(List.class::isInstance).isPresent()) {
        String target = linkTarget(w, x, in);
        if (target == null) {
          errors.add(
              error(
                  node,
                  x,
                  "bad_linked_input",
                  "Bad linked input, must be a length-2 list of [node_id, slot_index]",
                  x));
          continue;
        }
        NodeLink link = in.link().orElseThrow();
        List<String> outs = schemas.find(w.node(target).get().classType().get()).get().outputs();
        if (link.output() < 0 || link.output() >= outs.size()) {
          throw new LinkException(x, "tuple index out of range");
        }
        String received = outs.get(link.output());
        if (!typesMatch(received, spec.type())) {
          errors.add(
              error(
                  node,
                  x,
                  "return_type_mismatch",
                  "Return type mismatch between linked nodes",
                  x
                      + ", received_type("
                      + received
                      + ") mismatch input_type("
                      + pythonType(spec)
                      + ")"));
          continue;
        }
        if (upstream != null) {
          upstream.putIfAbsent(x, target);
        }
        continue;
      }
      Object val = in.isNull() ? null : in.value().get();
      if (val instanceof Map<?, ?> m && m.containsKey("__value__")) {
        val = m.get("__value__");
      }
      Object converted;
      try {
        converted = convert(spec.type(), val);
      } catch (IllegalArgumentException e) {
        errors.add(
            error(
                node,
                x,
                "invalid_input_type",
                "Failed to convert an input value to a " + spec.type() + " value",
                x + ", " + python(val) + ", " + e.getMessage()));
        continue;
      }
      if (spec.validatedIn().isPresent()) {
        String folder = spec.validatedIn().get();
        Optional<List<String>> files = inventory.files(folder);
        if (files.isPresent() && !files.get().contains(annotated(String.valueOf(converted)))) {
          errors.add(
              error(
                  node,
                  x,
                  "custom_validation_failed",
                  "Custom validation failed for node",
                  x + " - Invalid image file: " + converted));
        }
        continue;
      }
      if (spec.min().isPresent()
          && converted instanceof Number n
          && compare(n, spec.min().getAsDouble()) < 0) {
        errors.add(
            error(
                node,
                x,
                "value_smaller_than_min",
                "Value "
                    + python(converted)
                    + " smaller than min of "
                    + bound(spec, spec.min().getAsDouble()),
                x));
        continue;
      }
      if (spec.max().isPresent()
          && converted instanceof Number n
          && compare(n, spec.max().getAsDouble()) > 0) {
        errors.add(
            error(
                node,
                x,
                "value_bigger_than_max",
                "Value "
                    + python(converted)
                    + " bigger than max of "
                    + bound(spec, spec.max().getAsDouble()),
                x));
        continue;
      }
      if (spec.type().equals(InputSpec.LIST) && spec.listChecked()) {
        Optional<List<String>> allowed = allowed(spec);
        if (allowed.isPresent() && !(converted instanceof String s && allowed.get().contains(s))) {
          List<String> options = allowed.get();
          String listInfo =
              options.size() > 20 ? "(list of length " + options.size() + ")" : pythonList(options);
          errors.add(
              error(
                  node,
                  x,
                  "value_not_in_list",
                  "Value not in list",
                  x + ": '" + converted + "' not in " + listInfo));
        }
      }
    }
    return errors;
  }

  /** The values a list input accepts, or empty when the inventory does not know its folder. */
  public Optional<List<String>> allowed(InputSpec spec) {
    if (spec.folder().isEmpty()) {
      return Optional.of(spec.options());
    }
    return inventory
        .files(spec.folder().get())
        .map(
            files -> {
              List<String> all = new ArrayList<>(files);
              all.addAll(spec.options());
              return List.copyOf(all);
            });
  }

  /** The target node of a link input, or null for a list that is not of length 2. */
  private static String linkTarget(Workflow w, String x, NodeInput in) throws LinkException {
    if (in.link().isPresent()) {
      String target = in.link().get().node();
      if (w.node(target).isEmpty()) {
        throw new LinkException(x, "'" + target + "'");
      }
      return target;
    }
    List<?> list = (List<?>) in.value().get();
    if (list.size() != 2) {
      return null;
    }
    // [5, 0] with a number id, or ["5", "0"]: prompt[o_id] or r[val[1]] raises in ComfyUI.
    Object id = list.get(0);
    if (!(id instanceof String)) {
      throw new LinkException(x, python(id));
    }
    if (w.node((String) id).isEmpty()) {
      throw new LinkException(x, "'" + id + "'");
    }
    throw new LinkException(
        x,
        "tuple indices must be integers or slices, not "
            + (list.get(1) == null ? "NoneType" : pythonTypeName(list.get(1))));
  }

  /** {@code comfy_execution/validation.py} validate_node_input, non-strict. */
  static boolean typesMatch(String received, String inputType) {
    if (received.equals(inputType) || received.equals("*") || inputType.equals("*")) {
      return true;
    }
    Set<String> a = new LinkedHashSet<>();
    for (String t : received.split(",")) {
      a.add(t.strip());
    }
    for (String t : inputType.split(",")) {
      if (a.contains(t.strip())) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code int()}, {@code float()}, {@code str()}, {@code bool()} on a JSON value. */
  static Object convert(String type, Object val) {
    switch (type) {
      case "INT":
        if (val instanceof Boolean b) {
          return b ? 1L : 0L;
        }
        if (val instanceof Double || val instanceof Float) {
          double d = ((Number) val).doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(
                "cannot convert float " + python(val) + " to integer");
          }
          return new BigDecimal(d).toBigInteger();
        }
        if (val instanceof Number) {
          return val;
        }
        if (val instanceof String s) {
          try {
            return new java.math.BigInteger(s.strip().replace("_", ""));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "invalid literal for int() with base 10: '" + s + "'");
          }
        }
        throw new IllegalArgumentException(
            "int() argument must be a string, a bytes-like object or a real number, not '"
                + pythonTypeName(val)
                + "'");
      case "FLOAT":
        if (val instanceof Boolean b) {
          return b ? 1.0 : 0.0;
        }
        if (val instanceof Number n) {
          return n.doubleValue();
        }
        if (val instanceof String s) {
          String t = s.strip().toLowerCase(Locale.ROOT);
          if (t.equals("nan") || t.equals("inf") || t.equals("-inf") || t.equals("infinity")) {
            return t.contains("nan")
                ? Double.NaN
                : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
          }
          try {
            if (!t.matches("[+-]?(\\d[\\d_]*)?(\\.\\d*)?(e[+-]?\\d+)?") || t.isEmpty()) {
              throw new NumberFormatException();
            }
            return Double.parseDouble(t.replace("_", ""));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("could not convert string to float: '" + s + "'");
          }
        }
        throw new IllegalArgumentException(
            "float() argument must be a string or a real number, not '"
                + pythonTypeName(val)
                + "'");
      case "STRING":
        return val instanceof String ? val : python(val);
      case "BOOLEAN":
        return truthy(val);
      default:
        return val;
    }
  }

  private static boolean truthy(Object val) {
    if (val == null) {
      return false;
    }
    if (val instanceof Boolean b) {
      return b;
    }
    if (val instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (val instanceof String s) {
      return !s.isEmpty();
    }
    if (val instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (val instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  private static int compare(Number n, double bound) {
    BigDecimal v =
        n instanceof java.math.BigInteger bi
            ? new BigDecimal(bi)
            : n instanceof Long || n instanceof Integer
                ? BigDecimal.valueOf(n.longValue())
                : Double.isNaN(n.doubleValue()) ? null : new BigDecimal(n.doubleValue());
    if (v == null) {
      return 0; // NaN compares false both ways in Python
    }
    if (Double.isInfinite(n.doubleValue())) {
      return n.doubleValue() > 0 ? 1 : -1;
    }
    return v.compareTo(new BigDecimal(bound));
  }

  private static String bound(InputSpec spec, double b) {
    return spec.type().equals("INT") ? Long.toString((long) b) : python(b);
  }

  /** Strips ComfyUI's {@code [input]} annotation ({@code folder_paths.annotated_filepath}). */
  private static String annotated(String name) {
    return name.endsWith(" [input]") ? name.substring(0, name.length() - 8) : name;
  }

  private static String pythonType(InputSpec spec) {
    if (spec.type().equals(InputSpec.LIST) && spec.listChecked()) {
      return pythonList(spec.options());
    }
    return spec.type();
  }

  private static String pythonList(List<String> options) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < options.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('\'').append(options.get(i)).append('\'');
    }
    return b.append(']').toString();
  }

  private static String pythonTypeName(Object v) {
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float";
    }
    if (v instanceof Number) {
      return "int";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Map) {
      return "dict";
    }
    return v == null ? "NoneType" : v.getClass().getSimpleName();
  }

  /** A value as Python's {@code str()} prints it. */
  static String python(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "nan";
      }
      if (d.isInfinite()) {
        return d > 0 ? "inf" : "-inf";
      }
      return d == Math.rint(d) && Math.abs(d) < 1e16
          ? String.format(Locale.ROOT, "%.1f", d)
          : Double.toString(d);
    }
    return String.valueOf(v);
  }

  private static PromptProblem error(
      WorkflowNode node, String input, String type, String message, String details) {
    return PromptProblem.builder()
        .nodeId(node.id())
        .classType(node.classType())
        .type(type)
        .message(message)
        .details(details)
        .input(input)
        .build();
  }
}
