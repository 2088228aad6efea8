package dev.lorakit.core.caption;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.immutables.value.Value;

/**
 * One label of a tagger with its probability for one image.
 *
 * <pre>{@code
 * List<TagScore> scores = tagger.tag(image);
 * Caption base = TagScore.caption(scores, 0.35, 0.85); // most probable first, ratings dropped
 * }</pre>
 */
@Value.Immutable
public abstract class TagScore {
  /** The label as it goes into a caption (underscores already replaced where the tagger does). */
  @Value.Parameter
  public abstract String tag();

  @Value.Parameter
  public abstract TagCategory category();

  /** Probability in [0, 1]. */
  @Value.Parameter
  public abstract double score();

  public static TagScore of(String tag, TagCategory category, double score) {
    return ImmutableTagScore.of(tag, category, score);
  }

  /**
   * The caption a tagger's scores give: general tags at or above {@code generalThreshold} and
   * character tags at or above {@code characterThreshold}, most probable first; ratings are never
   * caption tags. Thresholds are inclusive, as in SmilingWolf's demo ({@code probs > threshold}
   * there is exclusive; the difference is one float value and does not matter in practice).
   */
  public static Caption caption(
      List<TagScore> scores, double generalThreshold, double characterThreshold) {
    List<TagScore> kept = new ArrayList<>();
    for (TagScore s : scores) {
      boolean keep =
          switch (s.category()) {
            case RATING -> false;
            case GENERAL -> s.score() >= generalThreshold;
            case CHARACTER -> s.score() >= characterThreshold;
          };
      if (keep && !s.tag().isBlank() && !s.tag().contains(",")) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparingDouble(TagScore::score).reversed());
    List<Tag> tags = new ArrayList<>();
    kept.forEach(s -> tags.add(Tag.of(s.tag())));
    return Caption.of(tags);
  }
}
