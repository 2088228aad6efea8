package dev.lorakit.yaml;

import static dev.lorakit.yaml.ConfigRules.fmt;

import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML or JSON text into a {@link ConfigNode} tree with positions, with hard limits: no
 * object construction at all (only SnakeYAML's node graph is built), at most {@value #MAX_BYTES}
 * bytes, {@value #MAX_DEPTH} levels, {@value #MAX_ALIASES} collection aliases and {@value
 * #MAX_NODES} nodes after alias expansion. Problems become violations; only a document that cannot
 * be read at all is refused.
 */
final class SafeYaml {
  static final int MAX_BYTES = 2 * 1024 * 1024;
  static final int MAX_DEPTH = 64;
  static final int MAX_ALIASES = 20;
  static final int MAX_NODES = 200_000;

  /** The tree and the problems that did not stop reading (duplicate keys, custom tags). */
  static final class Parsed {
    final ConfigNode root;
    final List<Violation> problems;

    Parsed(ConfigNode root, List<Violation> problems) {
      this.root = root;
      this.problems = List.copyOf(problems);
    }
  }

  /** Thrown when nothing can be read; carries the one violation that says why. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Violation violation;

    Unreadable(Violation violation) {
      super(violation.message(), null, false, false);
      this.violation = violation;
    }
  }

  private final RuleDescriptor syntaxRule;

  SafeYaml(RuleDescriptor syntaxRule) {
    this.syntaxRule = syntaxRule;
  }

  /** Decodes strict UTF-8 (a BOM is skipped), then parses. */
  Parsed parse(byte[] bytes) throws Unreadable {
    if (bytes.length > MAX_BYTES) {
      throw tooBig(bytes.length);
    }
    return parse(decode(bytes));
  }

  Parsed parse(String text) throws Unreadable {
    if (text.length() > MAX_BYTES) {
      throw tooBig(text.length());
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported as violations below, with both positions
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Node node;
    try {
      Composer composer =
          new Composer(
              new ParserImpl(new StreamReader(new StringReader(text)), options),
              new Resolver(),
              options);
      node = composer.getSingleNode();
    } catch (MarkedYAMLException e) {
      throw syntax(e);
    } catch (YAMLException e) {
      throw limitOrSyntax(e.getMessage(), null);
    } catch (StackOverflowError e) {
      throw new Unreadable(
          ConfigRules.violation(
              ConfigRules.LIMIT_EXCEEDED,
              "",
              null,
              "the document is nested too deeply to read",
              fmt("keep nesting under %d levels", MAX_DEPTH)));
    } catch (RuntimeException e) {
      throw limitOrSyntax(String.valueOf(e.getMessage()), null);
    }
    if (node == null) {
      return new Parsed(ConfigNode.map(), List.of());
    }
    Converter converter = new Converter();
    ConfigNode root = converter.convert(node, 0);
    return new Parsed(root, converter.problems);
  }

  private Unreadable tooBig(long size) {
    return new Unreadable(
        ConfigRules.violation(
            ConfigRules.LIMIT_EXCEEDED,
            "",
            SourceLocation.of(1, 1),
            fmt("document of %d bytes is above the limit of %d", size, MAX_BYTES),
            "a training config is a few kilobytes; check that this is the right file"));
  }

  private Unreadable syntax(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    SourceLocation loc =
        mark == null ? null : SourceLocation.of(mark.getLine() + 1, mark.getColumn() + 1);
    String problem = e.getProblem() == null ? String.valueOf(e.getMessage()) : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext() + ": ";
    return limitOrSyntax(context + problem, loc);
  }

  private Unreadable limitOrSyntax(String message, SourceLocation loc) {
    String m = message == null ? "unreadable document" : message.strip();
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("aliases")
        || lower.contains("nesting depth")
        || lower.contains("exceeds the limit")) {
      return new Unreadable(
          ConfigRules.violation(
              ConfigRules.LIMIT_EXCEEDED,
              "",
              loc,
              "document refused: " + firstLine(m),
              fmt(
                  "write a plain config: no anchor/alias bombs, under %d levels and %d bytes",
                  MAX_DEPTH, MAX_BYTES)));
    }
    String hint =
        lower.contains("tab")
            ? "indent with spaces; YAML forbids tabs for indentation"
            : "fix the YAML syntax at this position";
    return new Unreadable(
        ConfigRules.violation(syntaxRule, "", loc, "invalid YAML: " + firstLine(m), hint));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private String decode(byte[] bytes) throws Unreadable {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF
            ? 3
            : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = start;
      for (int i = start; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new Unreadable(
          ConfigRules.violation(
              syntaxRule,
              "",
              SourceLocation.of(line, offset - lineStart + 1),
              fmt("invalid UTF-8 byte 0x%02X at byte offset %d", bytes[offset] & 0xff, offset),
              "save the file as UTF-8"));
    }
    out.flip();
    return out.toString();
  }

  /** Node graph to tree, counting nodes so that alias expansion stays bounded. */
  private final class Converter {
    final List<Violation> problems = new ArrayList<>();
    int nodes;

    ConfigNode convert(Node node, int depth) throws Unreadable {
      if (++nodes > MAX_NODES) {
        throw new Unreadable(
            ConfigRules.violation(
                ConfigRules.LIMIT_EXCEEDED,
                "",
                loc(node),
                fmt("document expands to more than %d nodes (alias expansion)", MAX_NODES),
                "remove anchors and aliases"));
      }
      if (depth > MAX_DEPTH) {
        throw new Unreadable(
            ConfigRules.violation(
                ConfigRules.LIMIT_EXCEEDED,
                "",
                loc(node),
                fmt("document is nested deeper than %d levels", MAX_DEPTH),
                "flatten the document"));
      }
      checkTag(node);
      if (node instanceof MappingNode mappingNode) {
        ConfigNode.MapNode map = new ConfigNode.MapNode(loc(node));
        Map<String, SourceLocation> seen = new HashMap<>();
        for (NodeTuple t : mappingNode.getValue()) {
          Node k = t.getKeyNode();
          String key = k instanceof ScalarNode ? ((ScalarNode) k).getValue() : "<complex key>";
          if (!(k instanceof ScalarNode)) {
            problems.add(
                ConfigRules.violation(
                    ConfigRules.WRONG_TYPE,
                    key,
                    loc(k),
                    "a mapping key is a collection, not a name",
                    "use plain text keys"));
          }
          ConfigNode value = convert(t.getValueNode(), depth + 1);
          SourceLocation first = seen.put(key, loc(k));
          if (first != null) {
            problems.add(
                ConfigRules.violation(
                    ConfigRules.DUPLICATE_KEY,
                    key,
                    loc(k),
                    fmt(
                        "key '%s' appears again; the value at line %d is dropped",
                        key, first.line()),
                    "keep one '" + key + "' entry"));
            map.remove(key);
          }
          map.entries().put(key, new ConfigNode.Entry(key, loc(k), value));
        }
        return map;
      }
      if (node instanceof SequenceNode sequence) {
        ConfigNode.ListNode list = new ConfigNode.ListNode(loc(node));
        for (Node item : sequence.getValue()) {
          list.items().add(convert(item, depth + 1));
        }
        return list;
      }
      ScalarNode s = (ScalarNode) node;
      return new ConfigNode.ScalarNode(resolve(s), loc(node));
    }

    private void checkTag(Node node) {
      Tag tag = node.getTag();
      if (tag == null) {
        return;
      }
      boolean standard =
          tag.equals(Tag.MAP)
              || tag.equals(Tag.SEQ)
              || tag.equals(Tag.STR)
              || tag.equals(Tag.INT)
              || tag.equals(Tag.FLOAT)
              || tag.equals(Tag.BOOL)
              || tag.equals(Tag.NULL)
              || tag.equals(Tag.TIMESTAMP)
              || tag.equals(Tag.OMAP)
              || tag.equals(Tag.SET)
              || tag.equals(Tag.BINARY)
              || tag.equals(Tag.MERGE);
      if (!standard) {
        problems.add(
            ConfigRules.violation(
                ConfigRules.UNSUPPORTED_TAG,
                "",
                loc(node),
                fmt(
                    "tag %s is not a standard YAML tag; the trainer's SafeLoader raises",
                    tag.getValue()),
                "remove the tag"));
      }
    }
  }

  static Object resolve(ScalarNode s) {
    String v = s.getValue();
    Tag tag = s.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        String b = v.toLowerCase(Locale.ROOT);
        return b.equals("true") || b.equals("yes") || b.equals("on") || b.equals("y");
      }
      if (Tag.INT.equals(tag)) {
        String n = v.replace("_", "");
        try {
          if (n.startsWith("0x") || n.startsWith("-0x") || n.startsWith("+0x")) {
            return Long.decode(n);
          }
          return Long.parseLong(n.startsWith("+") ? n.substring(1) : n);
        } catch (NumberFormatException e) {
          return Double.parseDouble(n);
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        String n = v.replace("_", "").toLowerCase(Locale.ROOT);
        if (n.endsWith(".inf")) {
          return n.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (n.endsWith(".nan")) {
          return Double.NaN;
        }
        return Double.parseDouble(n);
      }
    } catch (NumberFormatException e) {
      return v;
    }
    return v;
  }

  static SourceLocation loc(Node node) {
    Mark m = node.getStartMark();
    return m == null ? null : SourceLocation.of(m.getLine() + 1, m.getColumn() + 1);
  }
}
