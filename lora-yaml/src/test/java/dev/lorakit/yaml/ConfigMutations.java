package dev.lorakit.yaml;

import java.util.Random;

/** Random small edits of a config text: deletions, YAML tokens, duplicated lines, changed bytes. */
final class ConfigMutations {
  private static final String[] TOKENS = {
    ":", "-", " ", "  ", "\t", "[", "]", "{", "}", "&a ", "*a", "!!", "\n", "'", "\"", "#", "${X}",
    ",", "|", ">", "? ", "%", "@", "\u00e9", "\uFEFF", "\u0000", "1e-4", "null", "~", "<<: *a"
  };

  private ConfigMutations() {}

  static String mutate(String text, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(8);
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(4)) {
        case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(40)));
        case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 2 -> {
          int end = sb.indexOf("\n", at);
          int start = sb.lastIndexOf("\n", at);
          if (end > start && start >= 0) {
            sb.insert(end, sb.substring(start, end));
          }
        }
        default -> sb.setCharAt(at, (char) (' ' + r.nextInt(95)));
      }
    }
    return sb.toString();
  }
}
