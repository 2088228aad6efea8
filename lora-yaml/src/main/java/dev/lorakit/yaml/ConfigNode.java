package dev.lorakit.yaml;

import dev.lorakit.core.validation.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mutable, ordered YAML/JSON tree with the source position of every node (when it was read) and
 * an optional end-of-line comment per map entry (when it is written). Maps keep insertion order so
 * that read-modify-write keeps the user's key order.
 */
abstract class ConfigNode {
  private final SourceLocation location;

  ConfigNode(SourceLocation location) {
    this.location = location;
  }

  /** Where the node starts in its source file; empty for nodes built in code. */
  Optional<SourceLocation> location() {
    return Optional.ofNullable(location);
  }

  abstract ConfigNode copy();

  static MapNode map() {
    return new MapNode(null);
  }

  static ListNode list() {
    return new ListNode(null);
  }

  static ScalarNode scalar(Object value) {
    return new ScalarNode(value, null);
  }

  /** A mapping with string keys. */
  static final class MapNode extends ConfigNode {
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    MapNode(SourceLocation location) {
      super(location);
    }

    Map<String, Entry> entries() {
      return entries;
    }

    Optional<ConfigNode> get(String key) {
      Entry e = entries.get(key);
      return e == null ? Optional.empty() : Optional.of(e.value);
    }

    Optional<Entry> entry(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    /** Sets a value, keeping the key's position when it exists, else appending it. */
    MapNode put(String key, ConfigNode value) {
      Entry old = entries.get(key);
      if (old != null) {
        old.value = value;
      } else {
        entries.put(key, new Entry(key, null, value));
      }
      return this;
    }

    MapNode put(String key, Object scalar) {
      return put(key, scalar instanceof ConfigNode node ? node : scalar(scalar));
    }

    /** Sets a value with an end-of-line comment explaining it. */
    MapNode put(String key, Object scalar, String comment) {
      put(key, scalar);
      entries.get(key).comment = comment;
      return this;
    }

    /** Sets the end-of-line comment of an existing key; absent keys are ignored. */
    MapNode comment(String key, String comment) {
      Entry e = entries.get(key);
      if (e != null) {
        e.comment = comment;
      }
      return this;
    }

    void remove(String key) {
      entries.remove(key);
    }

    Optional<MapNode> mapAt(String key) {
      return get(key).filter(MapNode.class::isInstance).map(MapNode.class::cast);
    }

    Optional<ListNode> listAt(String key) {
      return get(key).filter(ListNode.class::isInstance).map(ListNode.class::cast);
    }

    Optional<ScalarNode> scalarAt(String key) {
      return get(key).filter(ScalarNode.class::isInstance).map(ScalarNode.class::cast);
    }

    /** The map under {@code key}, created (and appended) when absent or not a map. */
    MapNode child(String key) {
      Optional<MapNode> m = mapAt(key);
      if (m.isPresent()) {
        return m.get();
      }
      MapNode created = map();
      put(key, created);
      return created;
    }

    @Override
    MapNode copy() {
      MapNode m = new MapNode(location().orElse(null));
      for (Entry e : entries.values()) {
        Entry c = new Entry(e.key, e.keyLocation, e.value.copy());
        c.comment = e.comment;
        m.entries.put(e.key, c);
      }
      return m;
    }
  }

  /** One key of a mapping. */
  static final class Entry {
    final String key;
    final SourceLocation keyLocation;
    ConfigNode value;
    String comment;

    Entry(String key, SourceLocation keyLocation, ConfigNode value) {
      this.key = key;
      this.keyLocation = keyLocation;
      this.value = value;
    }

    Optional<SourceLocation> keyLocation() {
      return Optional.ofNullable(keyLocation);
    }
  }

  /** A sequence. */
  static final class ListNode extends ConfigNode {
    private final List<ConfigNode> items = new ArrayList<>();

    ListNode(SourceLocation location) {
      super(location);
    }

    List<ConfigNode> items() {
      return items;
    }

    ListNode add(Object value) {
      items.add(value instanceof ConfigNode node ? node : scalar(value));
      return this;
    }

    @Override
    ListNode copy() {
      ListNode l = new ListNode(location().orElse(null));
      for (ConfigNode n : items) {
        l.items.add(n.copy());
      }
      return l;
    }
  }

  /**
   * A scalar: {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}, as the
   * trainer's YAML loader would resolve it.
   */
  static final class ScalarNode extends ConfigNode {
    private final Object value;

    ScalarNode(Object value, SourceLocation location) {
      super(location);
      this.value = normalize(value);
    }

    /** Integers become {@code Long} and floats {@code Double}, as the reader produces them. */
    private static Object normalize(Object value) {
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      if (value instanceof Float f) {
        return f.doubleValue();
      }
      if (value == null
          || value instanceof String
          || value instanceof Long
          || value instanceof Double
          || value instanceof Boolean) {
        return value;
      }
      throw new IllegalArgumentException("not a scalar: " + value.getClass().getName());
    }

    Object value() {
      return value;
    }

    boolean isString() {
      return value instanceof String;
    }

    Optional<String> string() {
      return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The value as text, whatever its type; "null" for null. */
    String text() {
      return String.valueOf(value);
    }

    Optional<Long> integer() {
      if (value instanceof Long l) {
        return Optional.of(l);
      }
      if (value instanceof Double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9e15) {
          return Optional.of(d.longValue());
        }
      }
      return Optional.empty();
    }

    Optional<Double> number() {
      if (value instanceof Long l) {
        return Optional.of(l.doubleValue());
      }
      if (value instanceof Double d) {
        return Optional.of(d);
      }
      return Optional.empty();
    }

    Optional<Boolean> bool() {
      return value instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    @Override
    ScalarNode copy() {
      return new ScalarNode(value, location().orElse(null));
    }
  }
}
