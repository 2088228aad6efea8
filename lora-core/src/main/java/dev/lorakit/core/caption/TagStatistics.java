package dev.lorakit.core.caption;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tag frequencies over a set of captions: which tags are everywhere (candidates for the trigger's
 * meaning), which appear once (typos).
 *
 * <pre>{@code
 * TagStatistics stats = TagStatistics.of(captions);
 * stats.top(10);          // most frequent tags first
 * stats.count("portrait"); // 20
 * }</pre>
 */
public final class TagStatistics {
  private final int captionCount;
  private final List<TagCount> counts;
  private final Map<String, TagCount> byKey;

  private TagStatistics(int captionCount, List<TagCount> counts, Map<String, TagCount> byKey) {
    this.captionCount = captionCount;
    this.counts = counts;
    this.byKey = byKey;
  }

  public static TagStatistics of(Collection<Caption> captions) {
    Map<String, String> spelling = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (Caption caption : captions) {
      Set<String> inThis = new HashSet<>();
      for (Tag tag : caption.tags()) {
        String key = key(tag.text());
        if (inThis.add(key)) {
          spelling.putIfAbsent(key, tag.text());
          count.merge(key, 1, Integer::sum);
        }
      }
    }
    List<TagCount> list = new ArrayList<>();
    Map<String, TagCount> byKey = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : count.entrySet()) {
      TagCount c = TagCount.of(spelling.get(e.getKey()), e.getValue());
      list.add(c);
      byKey.put(e.getKey(), c);
    }
    list.sort(
        Comparator.comparingInt(TagCount::captions)
            .reversed()
            .thenComparing(c -> c.tag().toLowerCase(Locale.ROOT)));
    return new TagStatistics(captions.size(), List.copyOf(list), byKey);
  }

  /** Number of captions counted. */
  public int captionCount() {
    return captionCount;
  }

  /** Every tag, most frequent first, ties by name. */
  public List<TagCount> counts() {
    return counts;
  }

  public List<TagCount> top(int n) {
    return counts.stream().limit(n).collect(Collectors.toUnmodifiableList());
  }

  /** Captions carrying the tag (case and {@code _}/space insensitive). */
  public int count(String tag) {
    TagCount c = byKey.get(key(tag));
    return c == null ? 0 : c.captions();
  }

  /** Tags found in exactly one caption. */
  public List<TagCount> singletons() {
    return counts.stream().filter(c -> c.captions() == 1).collect(Collectors.toUnmodifiableList());
  }

  private static String key(String tag) {
    return tag.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
  }
}
