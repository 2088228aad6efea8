package dev.lorakit.core.training;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The ai-toolkit build a config is written or linted for, identified by its commit date. Every
 * trainer fact that changed over time is answered here for that date, so lorakit targets one build:
 * by default {@link #PINNED}, the commit the pod image {@code ostris/aitoolkit:0.12.26} runs.
 *
 * <pre>{@code
 * TrainerVersion old = TrainerVersion.parse("2026-05-01").orElseThrow();
 * old.hasInt8();                 // true: int8 arrived on 2026-03-30
 * old.nearestAreaBuckets();      // false: buckets were rewritten on 2026-05-28
 * BaseModel.QWEN_IMAGE_2512.supportedBy(old); // true: since 2025-12-23
 * }</pre>
 *
 * <p>Dates of the facts, all from the ai-toolkit history ({@code reference/ai-toolkit-audit.md}):
 * torchao {@code int8} from 17153583 (2026-03-30); the nearest-area bucket rule of {@code
 * toolkit/buckets.py} from 15082cfb, 3e86d81f and 87bac275 (2026-05-28); {@code lokr_full_rank}
 * defaulting to true from 0c3a5e69 (2026-07-25); base models from {@code
 * BaseModel.aiToolkitSince()}.
 */
public final class TrainerVersion {
  /**
   * ai-toolkit 0.12.26, commit 27a03a91 of 2026-08-21: what {@code ostris/aitoolkit:0.12.26} runs.
   */
  public static final TrainerVersion PINNED =
      new TrainerVersion(LocalDate.of(2026, 8, 21), "0.12.26 (27a03a91)");

  static final LocalDate INT8 = LocalDate.of(2026, 3, 30);
  static final LocalDate NEAREST_AREA_BUCKETS = LocalDate.of(2026, 5, 28);
  static final LocalDate LOKR_FULL_RANK_DEFAULT = LocalDate.of(2026, 7, 25);

  private final LocalDate date;
  private final String label;

  private TrainerVersion(LocalDate date, String label) {
    this.date = date;
    this.label = label;
  }

  /** The build of a given commit date. */
  public static TrainerVersion of(LocalDate date) {
    Objects.requireNonNull(date, "date");
    return date.equals(PINNED.date) ? PINNED : new TrainerVersion(date, date.toString());
  }

  /**
   * Reads {@code 0.12.26}, {@code 27a03a91} (the pinned build) or an ISO commit date {@code
   * 2026-05-01}; empty for anything else.
   */
  public static Optional<TrainerVersion> parse(String text) {
    String t = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
    if (t.equals("0.12.26") || t.equals("27a03a91") || t.equals("pinned")) {
      return Optional.of(PINNED);
    }
    try {
      return Optional.of(of(LocalDate.parse(t)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The commit date of the build. */
  public LocalDate date() {
    return date;
  }

  /** Whether {@code qtype: int8} (torchao) exists; older builds raise a KeyError after loading. */
  public boolean hasInt8() {
    return !date.isBefore(INT8);
  }

  /**
   * Whether {@code get_bucket_for_image_size} picks the candidate nearest the target area among
   * floor and ceil multiples (from 2026-05-28), rather than the older rule that scaled both sides
   * by the area ratio and rounded down.
   */
  public boolean nearestAreaBuckets() {
    return !date.isBefore(NEAREST_AREA_BUCKETS);
  }

  /** Whether a LoKr network without {@code lokr_full_rank} trains full rank (from 2026-07-25). */
  public boolean lokrFullRankByDefault() {
    return !date.isBefore(LOKR_FULL_RANK_DEFAULT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainerVersion && ((TrainerVersion) o).date.equals(date);
  }

  @Override
  public int hashCode() {
    return date.hashCode();
  }

  /** {@code 0.12.26 (27a03a91)} for the pinned build, else the date. */
  @Override
  public String toString() {
    return label;
  }
}
