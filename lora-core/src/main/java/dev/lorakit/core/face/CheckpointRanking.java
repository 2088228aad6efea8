package dev.lorakit.core.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Checkpoints ordered by identity, with one recommended: the highest identity among those that do
 * not copy a training face. The guide's "test each checkpoint" made a number.
 *
 * <pre>{@code
 * CheckpointRanking r = CheckpointRanking.of(scores, 0.85);
 * r.recommended().ifPresent(best -> System.out.println(best.step() + ": " + r.reason()));
 * }</pre>
 */
@Value.Immutable
public abstract class CheckpointRanking {
  /**
   * Copycat cosine from which a sample counts as a copy of one training image: MirrorMetrics'
   * "danger zone" above 0.85 (landscape-2026.md §1.2), stated for ArcFace (buffalo_l).
   */
  public static final double DEFAULT_COPY_THRESHOLD = 0.85;

  /** Every checkpoint, best identity first (ties: earlier step first). */
  public abstract List<CheckpointIdentity> ranked();

  public abstract double copyThreshold();

  public abstract Optional<CheckpointIdentity> recommended();

  /** Why the recommended one was chosen, or why none was. */
  public abstract String reason();

  /** Ranks {@code scores}; checkpoints without any sample face are ranked last. */
  public static CheckpointRanking of(List<CheckpointIdentity> scores, double copyThreshold) {
    List<CheckpointIdentity> ranked = new ArrayList<>(scores);
    ranked.sort(
        Comparator.comparing((CheckpointIdentity s) -> s.faces() == 0)
            .thenComparing(Comparator.comparingDouble(CheckpointIdentity::identity).reversed())
            .thenComparingLong(CheckpointIdentity::step));
    CheckpointIdentity best = null;
    int copying = 0;
    for (CheckpointIdentity s : ranked) {
      if (s.faces() == 0) {
        continue;
      }
      if (s.copycat() >= copyThreshold) {
        copying++;
        continue;
      }
      if (best == null) {
        best = s;
      }
    }
    String reason;
    if (best == null) {
      reason =
          ranked.stream().allMatch(s -> s.faces() == 0)
              ? "no sample of any checkpoint shows a face the detector finds"
              : String.format(
                  Locale.ROOT,
                  "every checkpoint with faces copies a training face (copycat >= %.2f); train"
                      + " with more varied images or pick by eye",
                  copyThreshold);
    } else {
      reason =
          String.format(
              Locale.ROOT,
              "highest identity %.3f (mean cosine to the dataset's face centroid over %d of %d"
                  + " samples) with copycat %.3f below %.2f%s",
              best.identity(),
              best.faces(),
              best.samples(),
              best.copycat(),
              copyThreshold,
              copying == 0
                  ? ""
                  : String.format(
                      Locale.ROOT, "; %d checkpoint(s) with higher or equal scores copy", copying));
    }
    return ImmutableCheckpointRanking.builder()
        .ranked(ranked)
        .copyThreshold(copyThreshold)
        .recommended(Optional.ofNullable(best))
        .reason(reason)
        .build();
  }
}
