package dev.lorakit.yaml;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ConfigNode} tree as YAML (block style, double-quoted strings, end-of-line
 * comments) or as JSON. Output depends only on the tree: key order is the tree's order.
 */
final class Emitter {
  private Emitter() {}

  static String yaml(ConfigNode.MapNode root, String header) {
    StringBuilder sb = new StringBuilder();
    if (header != null && !header.isEmpty()) {
      for (String line : header.split("\n", -1)) {
        sb.append(line.isEmpty() ? "#" : "# " + line).append('\n');
      }
    }
    if (root.entries().isEmpty()) {
      sb.append("{}\n");
      return sb.toString();
    }
    map(sb, root, 0);
    return sb.toString();
  }

  private static void map(StringBuilder sb, ConfigNode.MapNode map, int indent) {
    for (ConfigNode.Entry e : map.entries().values()) {
      pad(sb, indent);
      entry(sb, e, indent);
    }
  }

  /** Writes {@code key: value} for an entry whose key column is already reached. */
  private static void entry(StringBuilder sb, ConfigNode.Entry e, int indent) {
    sb.append(key(e.key)).append(':');
    ConfigNode v = e.value;
    if (v instanceof ConfigNode.MapNode && !((ConfigNode.MapNode) v).entries().isEmpty()) {
      comment(sb, e.comment);
      sb.append('\n');
      map(sb, (ConfigNode.MapNode) v, indent + 2);
    } else if (v instanceof ConfigNode.ListNode && !flow((ConfigNode.ListNode) v)) {
      comment(sb, e.comment);
      sb.append('\n');
      blockList(sb, (ConfigNode.ListNode) v, indent + 2);
    } else {
      sb.append(' ');
      inline(sb, v);
      comment(sb, e.comment);
      sb.append('\n');
    }
  }

  private static void blockList(StringBuilder sb, ConfigNode.ListNode list, int indent) {
    for (ConfigNode item : list.items()) {
      pad(sb, indent);
      sb.append("- ");
      if (item instanceof ConfigNode.MapNode && !((ConfigNode.MapNode) item).entries().isEmpty()) {
        boolean first = true;
        for (ConfigNode.Entry e : ((ConfigNode.MapNode) item).entries().values()) {
          if (!first) {
            pad(sb, indent + 2);
          }
          first = false;
          entry(sb, e, indent + 2);
        }
      } else if (item instanceof ConfigNode.ListNode && !flow((ConfigNode.ListNode) item)) {
        sb.append('\n');
        blockList(sb, (ConfigNode.ListNode) item, indent + 2);
      } else {
        inline(sb, item);
        sb.append('\n');
      }
    }
  }

  private static boolean flow(ConfigNode.ListNode list) {
    return list.items().stream().allMatch(ConfigNode.ScalarNode.class::isInstance);
  }

  private static void inline(StringBuilder sb, ConfigNode v) {
    if (v instanceof ConfigNode.MapNode) {
      ConfigNode.MapNode m = (ConfigNode.MapNode) v;
      sb.append('{');
      boolean first = true;
      for (ConfigNode.Entry e : m.entries().values()) {
        sb.append(first ? "" : ", ").append(key(e.key)).append(": ");
        inline(sb, e.value);
        first = false;
      }
      sb.append('}');
    } else if (v instanceof ConfigNode.ListNode listNode) {
      sb.append('[');
      boolean first = true;
      for (ConfigNode item : listNode.items()) {
        sb.append(first ? "" : ", ");
        inline(sb, item);
        first = false;
      }
      sb.append(']');
    } else {
      sb.append(yamlScalar(((ConfigNode.ScalarNode) v).value()));
    }
  }

  private static void comment(StringBuilder sb, String comment) {
    if (comment != null && !comment.isBlank()) {
      sb.append("  # ").append(comment.replace('\n', ' '));
    }
  }

  private static void pad(StringBuilder sb, int indent) {
    for (int i = 0; i < indent; i++) {
      sb.append(' ');
    }
  }

  private static String key(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*") && !reserved(key) ? key : quote(key);
  }

  private static boolean reserved(String key) {
    switch (key.toLowerCase(java.util.Locale.ROOT)) {
      case "y":
      case "n":
      case "yes":
      case "no":
      case "on":
      case "off":
      case "true":
      case "false":
      case "null":
        return true;
      default:
        return false;
    }
  }

  static String yamlScalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String textNode) {
      return quote(textNode);
    }
    if (value instanceof Double) {
      double d = (Double) value;
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      return number(d);
    }
    return String.valueOf(value);
  }

  /** A double as plain decimal text that reads back to the same double. */
  static String number(double d) {
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0";
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** Double-quoted, escaped so that YAML and JSON readers both get the exact string back. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (printable(c)) {
            sb.append(c);
          } else {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean printable(char c) {
    return (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  // ---------------------------------------------------------------- JSON

  static String json(ConfigNode root) {
    StringBuilder sb = new StringBuilder();
    json(sb, root, 0);
    return sb.append('\n').toString();
  }

  private static void json(StringBuilder sb, ConfigNode node, int indent) {
    if (node instanceof ConfigNode.MapNode map) {
      Map<String, ConfigNode.Entry> entries = map.entries();
      if (entries.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (ConfigNode.Entry e : entries.values()) {
        pad(sb, indent + 2);
        sb.append(quote(e.key)).append(": ");
        json(sb, e.value, indent + 2);
        sb.append(++i < entries.size() ? ",\n" : "\n");
      }
      pad(sb, indent);
      sb.append('}');
    } else if (node instanceof ConfigNode.ListNode list) {
      List<ConfigNode> items = list.items();
      if (items.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < items.size(); i++) {
        pad(sb, indent + 2);
        json(sb, items.get(i), indent + 2);
        sb.append(i + 1 < items.size() ? ",\n" : "\n");
      }
      pad(sb, indent);
      sb.append(']');
    } else {
      Object v = ((ConfigNode.ScalarNode) node).value();
      if (v instanceof Double && (((Double) v).isNaN() || ((Double) v).isInfinite())) {
        sb.append("null");
      } else {
        sb.append(yamlScalar(v));
      }
    }
  }
}
