package dev.lorakit.yaml;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dotted paths with list indexes ({@code config.process[0].datasets[1].folder_path}). */
final class Paths {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)?((?:\\[\\d*])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d*)]");

  private Paths() {}

  static Optional<ConfigNode> find(ConfigNode root, String path) {
    ConfigNode node = root;
    if (path.isEmpty()) {
      return Optional.of(root);
    }
    for (String segment : path.split("\\.")) {
      Matcher m = SEGMENT.matcher(segment);
      if (!m.matches()) {
        return Optional.empty();
      }
      if (m.group(1) != null) {
        if (!(node instanceof ConfigNode.MapNode map)) {
          return Optional.empty();
        }
        Optional<ConfigNode> next = map.get(m.group(1));
        if (next.isEmpty()) {
          return Optional.empty();
        }
        node = next.get();
      }
      Matcher idx = INDEX.matcher(m.group(2));
      while (idx.find()) {
        if (!(node instanceof ConfigNode.ListNode listNode)) {
          return Optional.empty();
        }
        var items = listNode.items();
        int i = idx.group(1).isEmpty() ? 0 : Integer.parseInt(idx.group(1));
        if (i >= items.size()) {
          return Optional.empty();
        }
        node = items.get(i);
      }
    }
    return Optional.of(node);
  }

  /** The deepest existing node on the path, for relocating a violation whose key is absent. */
  static Optional<ConfigNode> deepest(ConfigNode root, String path) {
    String[] segments = path.split("\\.");
    for (int n = segments.length; n > 0; n--) {
      Optional<ConfigNode> found =
          find(root, String.join(".", java.util.Arrays.copyOf(segments, n)));
      if (found.isPresent() && found.get().location().isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
