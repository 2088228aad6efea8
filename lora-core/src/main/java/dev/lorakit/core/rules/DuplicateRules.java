package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The guide's "no duplicate poses" as file rules: byte-identical images, and images whose
 * perceptual hashes are close.
 *
 * <pre>{@code
 * DatasetRules strict = DatasetRules.standard().withNearDuplicateDistance(4);
 * String id = DuplicateRules.NEAR_DUPLICATE.id(); // "image.near-duplicate"
 * }</pre>
 */
public final class DuplicateRules {
  /** Hamming distance of two 64-bit dHashes at or below which two images are near duplicates. */
  public static final int DEFAULT_NEAR_DUPLICATE_DISTANCE = 6;

  /** At most this many near-duplicate pairs are listed one by one. */
  static final int MAX_PAIRS = 500;

  /** Two images with the same bytes. */
  public static final RuleDescriptor DUPLICATE =
      dataset(
          "image.duplicate",
          WARNING,
          "two images with the same bytes",
          "a duplicate doubles that image's weight; the guide asks for no duplicate poses",
          "delete one copy",
          GUIDE + "Quality Requirements");

  /** Two images whose perceptual hashes differ by at most 6 of 64 bits. */
  public static final RuleDescriptor NEAR_DUPLICATE =
      dataset(
          "image.near-duplicate",
          WARNING,
          "two images whose perceptual hashes differ by at most "
              + DEFAULT_NEAR_DUPLICATE_DISTANCE
              + " of 64 bits",
          "near-identical images over-weight one pose and angle",
          "keep the better of the two",
          GUIDE + "Quality Requirements (NO duplicate poses/angles)");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET = List.of(DUPLICATE, NEAR_DUPLICATE);

  private DuplicateRules() {}

  /** Training images with the same SHA-256. */
  static void duplicates(DatasetWalk w) {
    Map<String, ImageEntry> first = new HashMap<>();
    for (ImageEntry image : w.snapshot().images()) {
      if (w.isControl(image.folder()) || image.sha256().isEmpty()) {
        continue;
      }
      ImageEntry original = first.putIfAbsent(image.sha256().get(), image);
      if (original != null) {
        w.f(DUPLICATE)
            .report(
                image.path(),
                fmt("same bytes as %s", original.path()),
                fmt("delete %s or %s", image.path(), original.path()),
                original.path(),
                null);
      }
    }
  }

  /** Training image pairs within the walk's near-duplicate distance, not byte-identical. */
  static void nearDuplicates(DatasetWalk w) {
    int maxDistance = w.nearDuplicateDistance();
    List<ImageEntry> hashed =
        w.snapshot().images().stream()
            .filter(i -> !w.isControl(i.folder()))
            .filter(i -> i.perceptualHash().isPresent())
            .collect(Collectors.toList());
    int n = hashed.size();
    long[] hashes = new long[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = hashed.get(i).perceptualHash().getAsLong();
    }
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      ImageEntry a = hashed.get(i);
      for (int j = i + 1; j < n; j++) {
        int distance = Long.bitCount(hashes[i] ^ hashes[j]);
        if (distance > maxDistance) {
          continue;
        }
        ImageEntry b = hashed.get(j);
        if (a.sha256().isPresent() && a.sha256().equals(b.sha256())) {
          continue; // reported as an exact duplicate
        }
        pairs++;
        if (pairs <= MAX_PAIRS) {
          w.f(NEAR_DUPLICATE)
              .report(
                  b.path(),
                  fmt(
                      "looks like %s (perceptual hash distance %d of 64, at most %d)",
                      a.path(), distance, maxDistance),
                  fmt("keep the better of %s and %s", a.path(), b.path()),
                  distance,
                  maxDistance);
        }
      }
    }
    if (pairs > MAX_PAIRS) {
      w.f(NEAR_DUPLICATE)
          .report(
              ".",
              fmt("%d more near-duplicate pairs not listed", pairs - MAX_PAIRS),
              "remove near-identical images, then check again",
              pairs,
              MAX_PAIRS);
    }
  }
}
