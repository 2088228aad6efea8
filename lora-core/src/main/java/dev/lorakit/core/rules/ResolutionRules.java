package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.merging;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training-resolution rules: no repeated entry, 1024 included, multiples of 32.
 *
 * <pre>{@code
 * String id = ResolutionRules.DUPLICATES.id(); // "resolution.duplicates"
 * }</pre>
 */
public final class ResolutionRules {
  /** The resolution the guide trains and samples at. */
  public static final int MIN_RESOLUTION = 1024;

  /** Qwen's bucket edges are multiples of this. */
  public static final int BUCKET_MULTIPLE = 32;

  /** The resolution list repeats a value. */
  public static final RuleDescriptor DUPLICATES =
      merging(
          project(
              "resolution.duplicates",
              ERROR,
              "the resolution list repeats a value",
              "each entry is a full copy of the dataset: [1024, 1024] trains everything twice per"
                  + " epoch (it is not [width, height])",
              "list each edge size once: [1024] or [512, 768, 1024]",
              AITK + "§0.5, §5"),
          "config.duplicate-resolution");

  /** The largest training resolution is below 1024. */
  public static final RuleDescriptor BELOW_1024 =
      project(
          "resolution.below-1024",
          WARNING,
          "the largest training resolution is below " + MIN_RESOLUTION,
          "the guide trains and samples at 1024; smaller buckets lose face detail",
          "include " + MIN_RESOLUTION + " in the resolution list",
          GUIDE + "Quality Requirements");

  /** A resolution that is not a multiple of 32. */
  public static final RuleDescriptor NOT_MULTIPLE_OF_32 =
      project(
          "resolution.not-multiple-of-32",
          INFO,
          "a resolution that is not a multiple of " + BUCKET_MULTIPLE,
          "Qwen buckets round down to multiples of 32, so the number is not what is trained",
          "use multiples of 32 such as 512, 768, 1024",
          AITK + "§2.4");

  private ResolutionRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            DUPLICATES,
            (p, f) -> {
              List<Integer> res = p.training().resolutions();
              Set<Integer> seen = new HashSet<>();
              List<Integer> dup = new ArrayList<>();
              for (Integer r : res) {
                if (!seen.add(r)) {
                  dup.add(r);
                }
              }
              if (!dup.isEmpty()) {
                f.report(
                    "datasets[].resolution",
                    fmt(
                        "resolution %s repeats %s, which trains the dataset %d times per epoch",
                        res, dup.get(0), res.size()),
                    "set resolution to " + List.copyOf(new TreeSet<>(res)),
                    res,
                    "distinct values");
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            BELOW_1024,
            (p, f) -> {
              int max = p.training().resolutions().stream().mapToInt(i -> i).max().orElse(0);
              if (max > 0 && max < MIN_RESOLUTION) {
                f.report(
                    "datasets[].resolution",
                    fmt("largest resolution %d is below %d", max, MIN_RESOLUTION),
                    "include " + MIN_RESOLUTION + " in the resolution list",
                    max,
                    MIN_RESOLUTION);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            NOT_MULTIPLE_OF_32,
            (p, f) -> {
              for (Integer r : p.training().resolutions()) {
                if (r > 0 && r % BUCKET_MULTIPLE != 0) {
                  int bucket = r / BUCKET_MULTIPLE * BUCKET_MULTIPLE;
                  f.report(
                      "datasets[].resolution",
                      fmt(
                          "resolution %d is not a multiple of %d; buckets round it to %d",
                          r, BUCKET_MULTIPLE, bucket),
                      fmt("use %d", bucket),
                      r,
                      BUCKET_MULTIPLE);
                }
              }
            }));
  }
}
