package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.rules.RuleText.safe;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The guide's dataset-composition rules: the body-realism layer, the 70/30 image split, the 4:1
 * sample ratio, and (from the captions) the shot and body-part breakdowns.
 *
 * <pre>{@code
 * String id = CompositionRules.REPEATS_RATIO.id(); // "composition.repeats-ratio"
 * }</pre>
 */
public final class CompositionRules {
  /** The guide's number of real body photos. */
  public static final int BODY_PHOTOS = 30;

  /** The lowest share of body photos among all images. */
  public static final double MIN_BODY_SHARE = 0.20;

  /** The highest share of body photos among all images. */
  public static final double MAX_BODY_SHARE = 0.45;

  /** The lowest character:body samples-per-epoch ratio. */
  public static final double MIN_REPEATS_RATIO = 3.0;

  /** The highest character:body samples-per-epoch ratio. */
  public static final double MAX_REPEATS_RATIO = 5.0;

  /** Captions with a recognised shot type below which a breakdown is not judged. */
  public static final int MIN_CLASSIFIED = 10;

  /** No body-realism folder. */
  public static final RuleDescriptor BODY_FOLDER_MISSING =
      project(
          "composition.body-folder-missing",
          WARNING,
          "no body-realism folder",
          "the guide's 30 real body photos tagged realistic_body are what prevents plastic"
              + " skin",
          "add a body-realism folder (20_name_realbody) with about 30 photos",
          GUIDE + "Dataset Composition");

  /** Body photos less than 20% or more than 45% of the images. */
  public static final RuleDescriptor CHARACTER_BODY_RATIO =
      project(
          "composition.character-body-ratio",
          WARNING,
          "body photos are less than 20% or more than 45% of the images (guide: 70/30)",
          "too few real photos give plastic skin; too many dilute the character's identity",
          "aim for 70 character and 30 body images (60/40 against plastic skin)",
          GUIDE + "Dataset Composition; Troubleshooting #1");

  /** Character:body samples per epoch outside 3:1-5:1. */
  public static final RuleDescriptor REPEATS_RATIO =
      project(
          "composition.repeats-ratio",
          WARNING,
          "character:body samples per epoch outside 3:1-5:1 (guide: 2,800:600, about 4:1)",
          "the ratio decides whether identity or body realism dominates; the guide tunes"
              + " between 4:1 and 5:1",
          "adjust repeats so character images x repeats is about 4x body images x repeats",
          GUIDE + "Repeats Calculation; Troubleshooting #4");

  /** A regularisation folder, which the guide does not need. */
  public static final RuleDescriptor REGULARIZATION_NOT_NEEDED =
      project(
          "composition.regularization-not-needed",
          INFO,
          "a regularisation folder",
          "the guide's two-folder strategy replaces regularisation images and they dilute"
              + " the character",
          "remove the regularisation folder unless you measured that it helps",
          GUIDE + "Final Notes");

  /** Character shots far from the guide's 20 face / 30 full body / 20 variety (captions). */
  public static final RuleDescriptor FRAMING_MIX =
      dataset(
          "composition.framing-mix",
          WARNING,
          "character shots far from the guide's 20 face / 30 full body / 20 variety",
          "too few face closeups cause face drift; too few full-body shots wrong proportions",
          "add images of the short shot type",
          GUIDE + "Nano Banana Images, Breakdown; Troubleshooting #2");

  /** Body photos far from the guide's 10 legs / 10 torso / 10 full-body detail (captions). */
  public static final RuleDescriptor BODY_PART_MIX =
      dataset(
          "composition.body-part-mix",
          WARNING,
          "body photos far from the guide's 10 legs / 10 torso / 10 full-body detail",
          "the body layer should cover the whole body evenly",
          "add photos of the short body part",
          GUIDE + "Real Body Images, Breakdown");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET = List.of(FRAMING_MIX, BODY_PART_MIX);

  private CompositionRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            BODY_FOLDER_MISSING,
            (p, f) -> {
              if (!p.dataset().foldersWithRole(FolderRole.CHARACTER).isEmpty()
                  && p.dataset().foldersWithRole(FolderRole.BODY_REALISM).isEmpty()) {
                f.report(
                    "datasets",
                    "no body-realism folder",
                    "add 20_"
                        + safe(p)
                        + "_realbody with about "
                        + BODY_PHOTOS
                        + " real body photos",
                    0,
                    BODY_PHOTOS);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            CHARACTER_BODY_RATIO,
            (p, f) -> {
              int character = p.dataset().imageCount(FolderRole.CHARACTER);
              int body = p.dataset().imageCount(FolderRole.BODY_REALISM);
              if (!p.dataset().countsKnown() || character == 0 || body == 0) {
                return;
              }
              double share = (double) body / (character + body);
              if (share < MIN_BODY_SHARE || share > MAX_BODY_SHARE) {
                f.report(
                    "datasets",
                    fmt(
                        "%d character and %d body images: body share %d%% is outside %d-%d%%",
                        character,
                        body,
                        Math.round(share * 100),
                        Math.round(MIN_BODY_SHARE * 100),
                        Math.round(MAX_BODY_SHARE * 100)),
                    share < MIN_BODY_SHARE
                        ? fmt(
                            "add %d body photos",
                            Math.max(1, (int) Math.ceil(character * 3 / 7.0) - body))
                        : "add character images or remove body photos (guide: 70/30)",
                    fmt("%d/%d", character, body),
                    "70/30");
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            REPEATS_RATIO,
            (p, f) -> {
              if (!p.dataset().countsKnown()) {
                return;
              }
              long character = p.dataset().samplesPerEpoch(FolderRole.CHARACTER);
              long body = p.dataset().samplesPerEpoch(FolderRole.BODY_REALISM);
              if (character == 0 || body == 0) {
                return;
              }
              double ratio = (double) character / body;
              if (ratio < MIN_REPEATS_RATIO || ratio > MAX_REPEATS_RATIO) {
                String low = Numbers.decimal(MIN_REPEATS_RATIO);
                String high = Numbers.decimal(MAX_REPEATS_RATIO);
                f.report(
                    "datasets[].num_repeats",
                    fmt(
                        "character:body samples %d:%d is %s:1, outside %s:1-%s:1",
                        character,
                        body,
                        Numbers.decimal(Math.round(ratio * 100) / 100.0),
                        low,
                        high),
                    "adjust repeats toward 4:1 (e.g. 40 x 70 : 20 x 30)",
                    Numbers.decimal(Math.round(ratio * 100) / 100.0),
                    low + "-" + high);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            REGULARIZATION_NOT_NEEDED,
            (p, f) -> {
              for (DatasetFolder folder : p.dataset().foldersWithRole(FolderRole.REGULARIZATION)) {
                f.report(
                    folder.path(),
                    fmt("regularisation folder %s is not needed by the guide", folder.path()),
                    "remove it unless you measured that it helps",
                    folder.path(),
                    null);
              }
            }));
  }

  /** The shot and body-part breakdowns of the captions against the guide's. */
  static void shotMix(DatasetWalk w) {
    mix(w, FolderRole.CHARACTER, Framing.SHOTS, FRAMING_MIX);
    mix(w, FolderRole.BODY_REALISM, Framing.BODY_PARTS, BODY_PART_MIX);
  }

  /**
   * Compares shot types with the guide's breakdown: a type below half its share of the guide is
   * reported. Only captions with a recognised type count; small folders are not judged.
   */
  private static void mix(
      DatasetWalk w, FolderRole role, List<Framing> types, RuleDescriptor rule) {
    DatasetSnapshot snapshot = w.snapshot();
    List<DatasetFolder> folders = snapshot.spec().foldersWithRole(role);
    if (folders.isEmpty()) {
      return;
    }
    Map<Framing, Integer> counts = new EnumMap<>(Framing.class);
    int total = 0;
    for (DatasetFolder folder : folders) {
      for (ImageEntry image : snapshot.imagesIn(folder.path())) {
        Optional<Caption> caption = snapshot.captionFor(image).flatMap(CaptionFile::caption);
        Optional<Framing> type = caption.flatMap(c -> Framing.of(c, types));
        if (type.isPresent()) {
          counts.merge(type.get(), 1, Integer::sum);
          total++;
        }
      }
    }
    if (total < MIN_CLASSIFIED) {
      return;
    }
    int guideTotal = types.stream().mapToInt(Framing::guideCount).sum();
    String path = folders.size() == 1 ? folders.get(0).path() : ".";
    String breakdown =
        types.stream().map(t -> t.guideCount() + " " + t.label()).collect(Collectors.joining(", "));
    for (Framing type : types) {
      int count = counts.getOrDefault(type, 0);
      double share = (double) count / total;
      double guideShare = (double) type.guideCount() / guideTotal;
      if (share < guideShare / 2) {
        w.f(rule)
            .report(
                path,
                fmt(
                    "%d %s of %d classified images (%d%%), below half the guide's %d%% (%s)",
                    count,
                    type.label(),
                    total,
                    Math.round(share * 100),
                    Math.round(guideShare * 100),
                    breakdown),
                fmt(
                    "add about %d %s",
                    Math.max(1, Math.round(guideShare * total) - count), type.label()),
                count,
                Math.round(guideShare * total));
      }
    }
  }
}
