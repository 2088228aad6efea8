package dev.lorakit.core.rules;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.Tag;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ImageFormat;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.dataset.ScanProblem;
import dev.lorakit.core.dataset.StrayFile;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.ProjectDataset;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * File-level rules: what a {@link DatasetSnapshot} says about every image and caption. Every
 * violation's path is the dataset-relative file or folder.
 *
 * <pre>{@code
 * DatasetSnapshot snapshot = DatasetScanner.create().scan(root);
 * ValidationReport report = DatasetRules.standard().check(snapshot, project);
 * }</pre>
 */
public final class DatasetRules {
  private static final String GUIDE = "guide: ";
  private static final String AITK = "ai-toolkit.md ";
  private static final String PEERS = "peers.md ";

  /** Hamming distance of two 64-bit dHashes at or below which two images are near duplicates. */
  public static final int DEFAULT_NEAR_DUPLICATE_DISTANCE = 6;

  /** Tags above which a caption is over-captioned. */
  public static final int MAX_TAGS = 20;

  /** Words above which a caption is over-captioned. */
  public static final int MAX_WORDS = 75;

  /** ai-toolkit's per-folder fallback caption, {@code default.txt}. */
  static final String DEFAULT_CAPTION = "default";

  /** At most this many near-duplicate pairs are listed one by one. */
  static final int MAX_PAIRS = 500;

  static final RuleDescriptor CAPTION_MISSING =
      d(
          "caption.missing",
          ERROR,
          "a training image without a caption file of the same stem",
          "ai-toolkit trains it with an empty or default caption, so the trigger is not learned"
              + " from it; sd-scripts warns only after launch",
          "write <stem>.txt next to the image, starting with the trigger",
          PEERS + "§2 sd-scripts 3, kohya_ss 2; " + AITK + "§2.4 caption_ext");
  static final RuleDescriptor CAPTION_ORPHAN =
      d(
          "caption.orphan",
          WARNING,
          "a caption file without an image of the same stem",
          "usually a renamed or deleted image: the caption meant for it trains nothing",
          "rename the caption to the image's stem or delete it",
          PEERS + "§5.1");
  static final RuleDescriptor CAPTION_EMPTY =
      d(
          "caption.empty",
          ERROR,
          "a caption file with no tags",
          "an empty caption trains the image unconditioned (sd-scripts asserts 'caption file is"
              + " empty'; ai-toolkit silently uses default_caption)",
          "write the caption, starting with the trigger",
          PEERS + "§4 sd-scripts; BooruDatasetTagManager #104");
  static final RuleDescriptor CAPTION_NOT_UTF8 =
      d(
          "caption.not-utf8",
          ERROR,
          "a caption file that is not valid UTF-8",
          "sd-scripts stops with 'illegal char in file (not UTF-8)'; other loaders garble it",
          "re-save the caption as UTF-8",
          PEERS + "§4 sd-scripts");
  static final RuleDescriptor CAPTION_UNREADABLE =
      d(
          "caption.unreadable",
          ERROR,
          "a caption file that cannot be read or is far too large to be a caption",
          "the trainer fails on it or trains on a garbage caption",
          "fix the file's permissions or replace it with a one-line caption",
          "lorakit");
  static final RuleDescriptor MISSING_TRIGGER =
      d(
          "caption.missing-trigger",
          ERROR,
          "a caption without the trigger word",
          "the LoRA never ties the character to the trigger for this image",
          "put the trigger first in the caption",
          GUIDE + "Key Captioning Rules");
  static final RuleDescriptor TRIGGER_NOT_FIRST =
      d(
          "caption.trigger-not-first",
          WARNING,
          "a caption whose first tag is not the trigger",
          "the guide starts every caption with the trigger; its position changes how strongly it"
              + " binds",
          "move the trigger to the front",
          GUIDE + "Key Captioning Rules");
  static final RuleDescriptor BODY_TAG_MISSING =
      d(
          "caption.body-tag-missing",
          ERROR,
          "a caption in a body-realism folder without realistic_body (or another required tag)",
          "realistic_body is what separates body realism from identity; without it body photos"
              + " overwrite the character",
          "add realistic_body right after the trigger",
          GUIDE + "Real Body Captions, Critical");
  static final RuleDescriptor BODY_TAG_IN_CHARACTER =
      d(
          "caption.body-tag-in-character",
          WARNING,
          "realistic_body in a caption of a character folder",
          "the tag then no longer separates the two layers",
          "remove realistic_body from character captions",
          GUIDE + "Real Body Captions, Critical");
  static final RuleDescriptor FRAMING_MISSING =
      d(
          "caption.framing-missing",
          WARNING,
          "a character caption without a framing tag (portrait, closeup, full body, cowboy"
              + " shot, upper body, half body)",
          "the guide describes framing in every caption so prompts can ask for a shot type",
          "add the shot's framing tag after the trigger",
          GUIDE + "Key Captioning Rules");
  static final RuleDescriptor TOO_LONG =
      d(
          "caption.too-long",
          WARNING,
          "a caption with more than " + MAX_TAGS + " tags or " + MAX_WORDS + " words",
          "over-captioning makes the LoRA overfit to the tags (auto-taggers produce 30+)",
          "keep the trigger, framing, pose, lighting and background; drop the rest",
          GUIDE + "Key Captioning Rules");
  static final RuleDescriptor DUPLICATE_TAG =
      d(
          "caption.duplicate-tag",
          INFO,
          "a tag repeated in one caption",
          "a double-captioning leftover; harmless but noisy",
          "dedupe tags with lorakit captions",
          "taggui #92");
  static final RuleDescriptor IMAGE_TOO_SMALL =
      d(
          "image.too-small",
          WARNING,
          "an image whose short side is below the largest training resolution (1024 by default)",
          "ai-toolkit never upscales: a small image lands in a smaller bucket and the LoRA learns"
              + " less detail at full resolution",
          "replace it with an image of at least 1024 px on the short side",
          GUIDE + "Quality Requirements; " + AITK + "§2.4 bucketing");
  static final RuleDescriptor IMAGE_CORRUPT =
      d(
          "image.corrupt",
          ERROR,
          "an image that cannot be read: not an image, truncated, or (deep mode) damaged pixels",
          "ai-toolkit drops it with 'Error processing image' or crashes while caching latents on"
              + " the pod",
          "re-export or re-download the image",
          PEERS + "§2 kohya_ss 5, §4 ai-toolkit");
  static final RuleDescriptor IMAGE_EMPTY =
      d(
          "image.empty",
          ERROR,
          "a 0-byte image file",
          "an interrupted copy or download; the loader fails on it",
          "copy the image again",
          PEERS + "§5.1");
  static final RuleDescriptor STRAY_FILE =
      d(
          "dataset.stray-file",
          WARNING,
          "a file that is neither an image nor a caption (.DS_Store, ._*, Thumbs.db, other"
              + " types)",
          "macOS ._img.jpg files are loaded as images and fail mid-run (OneTrainer #71); other"
              + " files hint at a wrong caption extension or a copy mistake",
          "delete the file, or rename captions to .txt",
          PEERS + "§2 OneTrainer 2, §4 hollowstrawberry");
  static final RuleDescriptor DUPLICATE =
      d(
          "image.duplicate",
          WARNING,
          "two images with the same bytes",
          "a duplicate doubles that image's weight; the guide asks for no duplicate poses",
          "delete one copy",
          GUIDE + "Quality Requirements");
  static final RuleDescriptor NEAR_DUPLICATE =
      d(
          "image.near-duplicate",
          WARNING,
          "two images whose perceptual hashes differ by at most "
              + DEFAULT_NEAR_DUPLICATE_DISTANCE
              + " of 64 bits",
          "near-identical images over-weight one pose and angle",
          "keep the better of the two",
          GUIDE + "Quality Requirements (NO duplicate poses/angles)");
  static final RuleDescriptor TOO_DEEP =
      d(
          "dataset.too-deep",
          ERROR,
          "repeat folders or images one folder level deeper than the trainer looks",
          "sd-scripts stops with 'No data found' after launch; ai-toolkit trains nested images"
              + " with the parent folder's repeats",
          "point at the folder that holds the N_name folders; move nested images up",
          PEERS + "§2 sd-scripts 1");
  static final RuleDescriptor NO_REPEAT_FOLDERS =
      d(
          "dataset.no-repeat-folders",
          ERROR,
          "a dataset root without N_name repeat folders, or with images directly in it",
          "without repeat folders every image gets 1 repeat and the guide's 4:1 balance is lost",
          "put images in folders such as 40_name and 20_name_realbody",
          GUIDE + "Folder Structure; " + AITK + "§3.1");
  static final RuleDescriptor UNREADABLE =
      d(
          "dataset.unreadable",
          ERROR,
          "a folder or file that cannot be read (permission, symlink loop, missing folder)",
          "the trainer fails on it or silently trains without it",
          "fix the path or its permissions",
          "lorakit");
  static final RuleDescriptor EMPTY_FOLDER =
      d(
          "dataset.empty-folder",
          ERROR,
          "a training folder without images",
          "ai-toolkit stops with 'no images found' after the model has loaded",
          "add images to the folder or remove it",
          PEERS + "§4 ai-toolkit, hollowstrawberry");
  static final RuleDescriptor FRAMING_MIX =
      d(
          "composition.framing-mix",
          WARNING,
          "character shots far from the guide's 20 face / 30 full body / 20 variety",
          "too few face closeups cause face drift; too few full-body shots wrong proportions",
          "add images of the short shot type",
          GUIDE + "Nano Banana Images, Breakdown; Troubleshooting #2");
  static final RuleDescriptor BODY_PART_MIX =
      d(
          "composition.body-part-mix",
          WARNING,
          "body photos far from the guide's 10 legs / 10 torso / 10 full-body detail",
          "the body layer should cover the whole body evenly",
          "add photos of the short body part",
          GUIDE + "Real Body Images, Breakdown");
  static final RuleDescriptor CONTROL_MISSING_IMAGE =
      d(
          "control.missing-image",
          ERROR,
          "an edit-model training image without a same-stem image in every control folder",
          "Qwen-Image-Edit-2509 raises 'Missing control images' after the 20B model is loaded"
              + " and quantized",
          "add <stem>.jpg/.png/.webp (lower-case extension) to each control folder",
          AITK + "§4.1, §4.2; " + PEERS + "§2 ai-toolkit 1");

  private static final List<RuleDescriptor> DESCRIPTORS =
      List.of(
          CAPTION_MISSING,
          CAPTION_ORPHAN,
          CAPTION_EMPTY,
          CAPTION_NOT_UTF8,
          CAPTION_UNREADABLE,
          MISSING_TRIGGER,
          TRIGGER_NOT_FIRST,
          BODY_TAG_MISSING,
          BODY_TAG_IN_CHARACTER,
          FRAMING_MISSING,
          TOO_LONG,
          DUPLICATE_TAG,
          IMAGE_TOO_SMALL,
          IMAGE_CORRUPT,
          IMAGE_EMPTY,
          STRAY_FILE,
          DUPLICATE,
          NEAR_DUPLICATE,
          TOO_DEEP,
          NO_REPEAT_FOLDERS,
          UNREADABLE,
          EMPTY_FOLDER,
          FRAMING_MIX,
          BODY_PART_MIX,
          CONTROL_MISSING_IMAGE);

  private static final DatasetRules STANDARD = new DatasetRules(DEFAULT_NEAR_DUPLICATE_DISTANCE);

  /** The standard dataset rules in the catalogue. */
  static final Rule<ProjectDataset> RULE = STANDARD.rule();

  private final int nearDuplicateDistance;

  private DatasetRules(int nearDuplicateDistance) {
    this.nearDuplicateDistance = nearDuplicateDistance;
  }

  /** The rules with the default thresholds. */
  public static DatasetRules standard() {
    return STANDARD;
  }

  /** The same rules with another near-duplicate threshold (0-64 bits). */
  public DatasetRules withNearDuplicateDistance(int bits) {
    if (bits < 0 || bits > 64) {
      throw new IllegalArgumentException("near-duplicate distance must be 0-64: " + bits);
    }
    return new DatasetRules(bits);
  }

  /** Every file-level rule, all of subject {@link Subjects#DATASET}, for the rule catalogue. */
  public static List<RuleDescriptor> descriptors() {
    return DESCRIPTORS;
  }

  /**
   * Checks the files of a snapshot. The project gives the trigger, the base model (control images)
   * and the training resolutions; folder roles and control folders come from {@code
   * snapshot.spec()}. Never throws for bad data.
   */
  public ValidationReport check(DatasetSnapshot snapshot, LoraProject project) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(project, "project");
    return ValidationReport.of(
        RuleCatalogue.run(rule(), ProjectDataset.of(project, snapshot)), List.of());
  }

  /** These rules as one catalogue rule over {@link Subjects#DATASET}. */
  Rule<ProjectDataset> rule() {
    return Rule.group(
        Subjects.DATASET,
        DESCRIPTORS,
        (subject, findings) -> new Run(subject.snapshot(), subject.project(), findings).run());
  }

  /** One check of one snapshot. */
  private final class Run {
    private final DatasetSnapshot snapshot;
    private final LoraProject project;
    private final Findings findings;
    private final Set<String> controlFolders;
    private final Set<String> defaultCaptionFolders;

    Run(DatasetSnapshot snapshot, LoraProject project, Findings findings) {
      this.snapshot = snapshot;
      this.project = project;
      this.findings = findings;
      this.controlFolders =
          snapshot.spec().folders().stream()
              .filter(f -> f.role() == FolderRole.CONTROL)
              .map(DatasetFolder::path)
              .collect(Collectors.toSet());
      this.defaultCaptionFolders =
          snapshot.captions().stream()
              .filter(c -> c.stem().equals(DEFAULT_CAPTION))
              .filter(c -> c.caption().map(cap -> !cap.isEmpty()).orElse(false))
              .map(CaptionFile::folder)
              .collect(Collectors.toSet());
    }

    private Findings.About f(RuleDescriptor d) {
      return findings.about(d);
    }

    void run() {
      layout();
      emptyFolders();
      images();
      captions();
      duplicates();
      nearDuplicates();
      composition();
      controls();
    }

    private void layout() {
      for (ScanProblem p : snapshot.problems()) {
        f(UNREADABLE).report(p.path(), p.message(), "fix the path or its permissions", null, null);
      }
      for (String path : snapshot.tooDeep()) {
        boolean image = ImageFormat.fromFileName(path).isPresent();
        if (image) {
          f(TOO_DEEP)
              .report(
                  WARNING,
                  path,
                  "image is nested below its dataset folder: sd-scripts ignores it, ai-toolkit"
                      + " trains it",
                  "move it up into " + path.substring(0, path.indexOf('/')),
                  path,
                  "depth 1");
        } else {
          f(TOO_DEEP)
              .report(
                  path,
                  fmt("repeat folder %s is one level too deep", path),
                  fmt("point the dataset at %s", path.substring(0, path.lastIndexOf('/'))),
                  path,
                  "depth 1");
        }
      }
      if (!snapshot.imagesIn(".").isEmpty()) {
        f(NO_REPEAT_FOLDERS)
            .report(
                ".",
                fmt(
                    "%d images lie directly in the dataset root instead of in N_name folders",
                    snapshot.imagesIn(".").size()),
                "move them into a repeat folder such as 40_" + triggerOr("name"),
                snapshot.imagesIn(".").size(),
                0);
      }
      List<DatasetFolder> training =
          snapshot.spec().trainingFolders().stream()
              .filter(t -> !t.path().equals("."))
              .collect(Collectors.toList());
      boolean anyRepeats =
          training.stream()
              .anyMatch(t -> t.repeats() > 1 || KohyaFolderName.parse(t.name()).isPresent());
      if (!anyRepeats && snapshot.tooDeep().stream().allMatch(p -> isImage(p))) {
        f(NO_REPEAT_FOLDERS)
            .report(
                ".",
                training.isEmpty()
                    ? "the dataset root has no dataset folders"
                    : fmt(
                        "none of the %d folders has a repeat count (N_name): each gets 1 repeat",
                        training.size()),
                "name folders 40_"
                    + triggerOr("name")
                    + " and 20_"
                    + triggerOr("name")
                    + "_realbody",
                training.size(),
                null);
      }
      for (StrayFile s : snapshot.strayFiles()) {
        String hint;
        Severity severity = WARNING;
        switch (s.kind()) {
          case APPLE_DOUBLE:
            hint = "delete it (dot_clean, or copy without macOS metadata)";
            if (s.looksLikeImage()) {
              severity = ERROR;
            }
            break;
          case EDIT_LEFTOVER:
            hint = "delete it: it is a leftover of an interrupted caption edit";
            break;
          case SYSTEM_FILE:
          case HIDDEN:
            hint = "delete it";
            break;
          case UNKNOWN_TYPE:
          default:
            hint =
                s.path().toLowerCase(Locale.ROOT).endsWith(".caption")
                    ? "rename captions to ."
                        + snapshot.options().captionExtension()
                        + " (ai-toolkit's caption_ext)"
                    : "move it out of the dataset";
            break;
        }
        String kind = s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        f(STRAY_FILE)
            .report(
                severity,
                s.path(),
                severity == ERROR
                    ? "macOS resource fork with an image extension: a loader will try to open it"
                    : fmt("stray file (%s) in the dataset", kind),
                hint,
                s.path(),
                null);
      }
    }

    private void images() {
      int minSide = Collections.max(project.training().resolutions());
      for (ImageEntry image : snapshot.images()) {
        if (image.byteSize() == 0) {
          f(IMAGE_EMPTY)
              .report(image.path(), "image file is empty (0 bytes)", "copy the image again", 0, 1);
          continue;
        }
        if (image.defect().isPresent()) {
          f(IMAGE_CORRUPT)
              .report(
                  image.path(),
                  "image " + image.defect().get(),
                  "re-export or re-download the image",
                  null,
                  null);
          continue;
        }
        if (!controlFolders.contains(image.folder()) && image.shortSide() < minSide) {
          f(IMAGE_TOO_SMALL)
              .report(
                  image.path(),
                  fmt(
                      "%dx%d has a short side of %d px, below %d",
                      image.width(), image.height(), image.shortSide(), minSide),
                  fmt("replace it with an image of at least %d px on the short side", minSide),
                  image.shortSide(),
                  minSide);
        }
      }
    }

    private void captions() {
      TriggerWord trigger = project.trigger();
      for (ImageEntry image : snapshot.images()) {
        if (!controlFolders.contains(image.folder()) && snapshot.captionFor(image).isEmpty()) {
          boolean folderDefault = hasDefaultCaption(image.folder());
          f(CAPTION_MISSING)
              .report(
                  folderDefault ? WARNING : ERROR,
                  image.path(),
                  fmt(
                      folderDefault
                          ? "no caption %s.%s for this image; ai-toolkit falls back to the"
                              + " folder's default caption"
                          : "no caption %s.%s for this image",
                      image.stem(),
                      snapshot.options().captionExtension()),
                  fmt(
                      "write %s.%s starting with %s",
                      image.stem(),
                      snapshot.options().captionExtension(),
                      triggerOr("the trigger")),
                  null,
                  null);
        }
      }
      for (CaptionFile file : snapshot.captions()) {
        if (controlFolders.contains(file.folder())) {
          continue; // ai-toolkit reads no captions from control folders
        }
        if (snapshot.imagesFor(file).isEmpty() && file.stem().equals(DEFAULT_CAPTION)) {
          continue; // ai-toolkit's per-folder default caption
        }
        if (snapshot.imagesFor(file).isEmpty()) {
          f(CAPTION_ORPHAN)
              .report(
                  file.path(),
                  fmt("caption has no image named %s.jpg/.png/.webp", file.stem()),
                  "rename it to its image's stem or delete it",
                  null,
                  null);
          continue;
        }
        switch (file.encoding()) {
          case NOT_UTF8:
            f(CAPTION_NOT_UTF8)
                .report(
                    file.path(),
                    "caption is not valid UTF-8: " + file.problem().orElse("bad bytes"),
                    "re-save it as UTF-8",
                    null,
                    "UTF-8");
            continue;
          case TOO_LARGE:
          case UNREADABLE:
            f(CAPTION_UNREADABLE)
                .report(
                    file.path(),
                    "caption " + file.problem().orElse("cannot be read"),
                    "replace it with a one-line caption",
                    file.byteSize(),
                    null);
            continue;
          default:
            break;
        }
        Caption caption = file.caption().orElseThrow();
        if (caption.isEmpty()) {
          f(CAPTION_EMPTY)
              .report(
                  file.path(),
                  "caption has no tags",
                  "write the caption, starting with " + triggerOr("the trigger"),
                  0,
                  1);
          continue;
        }
        captionContent(file, caption, trigger);
      }
    }

    private void captionContent(CaptionFile file, Caption caption, TriggerWord trigger) {
      if (!trigger.isBlank()) {
        if (!caption.containsTrigger(trigger)) {
          f(MISSING_TRIGGER)
              .report(
                  file.path(),
                  fmt("caption lacks the trigger '%s'", trigger.value()),
                  fmt("put '%s' first in the caption", trigger.value()),
                  caption.tags().get(0).text(),
                  trigger.value());
        } else if (!caption.startsWith(trigger)) {
          f(TRIGGER_NOT_FIRST)
              .report(
                  file.path(),
                  fmt(
                      "trigger '%s' is tag %d, not the first",
                      trigger.value(), position(caption, trigger)),
                  fmt("move '%s' to the front", trigger.value()),
                  position(caption, trigger),
                  1);
        }
      }
      Optional<DatasetFolder> folder = snapshot.folder(file.folder());
      FolderRole role = folder.map(DatasetFolder::role).orElse(FolderRole.CHARACTER);
      for (String required : folder.map(DatasetFolder::requiredTags).orElse(List.of())) {
        if (!caption.hasTag(required)) {
          f(BODY_TAG_MISSING)
              .report(
                  file.path(),
                  fmt("caption in %s lacks the required tag %s", file.folder(), required),
                  fmt("add %s right after the trigger", required),
                  null,
                  required);
        }
      }
      if (role == FolderRole.CHARACTER && caption.hasTag(DatasetFolder.BODY_REALISM_TAG)) {
        f(BODY_TAG_IN_CHARACTER)
            .report(
                file.path(),
                fmt("character caption carries %s", DatasetFolder.BODY_REALISM_TAG),
                fmt(
                    "remove %s, or move the image to the body folder",
                    DatasetFolder.BODY_REALISM_TAG),
                DatasetFolder.BODY_REALISM_TAG,
                null);
      }
      if (role == FolderRole.CHARACTER && Framing.of(caption, Framing.SHOTS).isEmpty()) {
        f(FRAMING_MISSING)
            .report(
                file.path(),
                "caption names no framing (" + Framing.examples() + ")",
                "add the shot's framing tag after the trigger",
                null,
                null);
      }
      int tags = caption.tags().size();
      int words = caption.wordCount();
      if (tags > MAX_TAGS || words > MAX_WORDS) {
        f(TOO_LONG)
            .report(
                file.path(),
                fmt(
                    "caption has %d tags and %d words, above %d tags or %d words",
                    tags, words, MAX_TAGS, MAX_WORDS),
                "keep the trigger, framing, pose, lighting and background; drop the rest",
                tags > MAX_TAGS ? tags : words,
                tags > MAX_TAGS ? MAX_TAGS : MAX_WORDS);
      }
      Set<String> seen = new HashSet<>();
      for (Tag tag : caption.tags()) {
        String loose = tag.normalized().replace('_', ' ');
        if (!seen.add(loose)) {
          f(DUPLICATE_TAG)
              .report(
                  file.path(),
                  fmt("tag '%s' appears more than once", tag.text()),
                  "dedupe the caption's tags",
                  tag.text(),
                  null);
          break;
        }
      }
    }

    private void duplicates() {
      Map<String, ImageEntry> first = new HashMap<>();
      for (ImageEntry image : snapshot.images()) {
        if (controlFolders.contains(image.folder()) || image.sha256().isEmpty()) {
          continue;
        }
        ImageEntry original = first.putIfAbsent(image.sha256().get(), image);
        if (original != null) {
          f(DUPLICATE)
              .report(
                  image.path(),
                  fmt("same bytes as %s", original.path()),
                  fmt("delete %s or %s", image.path(), original.path()),
                  original.path(),
                  null);
        }
      }
    }

    private void nearDuplicates() {
      List<ImageEntry> hashed =
          snapshot.images().stream()
              .filter(i -> !controlFolders.contains(i.folder()))
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
          if (distance > nearDuplicateDistance) {
            continue;
          }
          ImageEntry b = hashed.get(j);
          if (a.sha256().isPresent() && a.sha256().equals(b.sha256())) {
            continue; // reported as an exact duplicate
          }
          pairs++;
          if (pairs <= MAX_PAIRS) {
            f(NEAR_DUPLICATE)
                .report(
                    b.path(),
                    fmt(
                        "looks like %s (perceptual hash distance %d of 64, at most %d)",
                        a.path(), distance, nearDuplicateDistance),
                    fmt("keep the better of %s and %s", a.path(), b.path()),
                    distance,
                    nearDuplicateDistance);
          }
        }
      }
      if (pairs > MAX_PAIRS) {
        f(NEAR_DUPLICATE)
            .report(
                ".",
                fmt("%d more near-duplicate pairs not listed", pairs - MAX_PAIRS),
                "remove near-identical images, then check again",
                pairs,
                MAX_PAIRS);
      }
    }

    private void composition() {
      mix(FolderRole.CHARACTER, Framing.SHOTS, FRAMING_MIX);
      mix(FolderRole.BODY_REALISM, Framing.BODY_PARTS, BODY_PART_MIX);
    }

    /**
     * Compares shot types with the guide's breakdown: a type below half its share of the guide is
     * reported. Only captions with a recognised type count; small folders are not judged.
     */
    private void mix(FolderRole role, List<Framing> types, RuleDescriptor rule) {
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
      if (total < 10) {
        return;
      }
      int guideTotal = types.stream().mapToInt(Framing::guideCount).sum();
      String path = folders.size() == 1 ? folders.get(0).path() : ".";
      String breakdown =
          types.stream()
              .map(t -> t.guideCount() + " " + t.label())
              .collect(Collectors.joining(", "));
      for (Framing type : types) {
        int count = counts.getOrDefault(type, 0);
        double share = (double) count / total;
        double guideShare = (double) type.guideCount() / guideTotal;
        if (share < guideShare / 2) {
          f(rule)
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

    private void controls() {
      if (!project.requiresControlImages()) {
        return;
      }
      for (DatasetFolder folder : snapshot.spec().trainingFolders()) {
        for (String control : folder.controlFolders()) {
          Map<String, List<ImageEntry>> byStem =
              snapshot.imagesIn(control).stream().collect(Collectors.groupingBy(ImageEntry::stem));
          for (ImageEntry image : snapshot.imagesIn(folder.path())) {
            List<ImageEntry> matches = byStem.getOrDefault(image.stem(), List.of());
            boolean found =
                matches.stream()
                    .anyMatch(m -> extension(m).equals(extension(m).toLowerCase(Locale.ROOT)));
            if (found) {
              continue;
            }
            f(CONTROL_MISSING_IMAGE)
                .report(
                    image.path(),
                    matches.isEmpty()
                        ? fmt("no control image %s.* in %s", image.stem(), control)
                        : fmt(
                            "control image %s has an upper-case extension, which ai-toolkit"
                                + " does not find",
                            matches.get(0).path()),
                    matches.isEmpty()
                        ? fmt("add %s/%s.jpg (or .png/.webp)", control, image.stem())
                        : fmt("rename %s with a lower-case extension", matches.get(0).path()),
                    image.stem(),
                    control);
          }
        }
      }
    }

    private boolean hasDefaultCaption(String folder) {
      return defaultCaptionFolders.contains(folder);
    }

    private void emptyFolders() {
      for (DatasetFolder folder : snapshot.spec().trainingFolders()) {
        if (!folder.path().equals(".") && snapshot.imagesIn(folder.path()).isEmpty()) {
          f(EMPTY_FOLDER)
              .report(
                  folder.path(),
                  fmt("folder %s has no images", folder.path()),
                  "add images or remove the folder",
                  0,
                  1);
        }
      }
    }

    private String triggerOr(String fallback) {
      return project.trigger().isBlank() ? fallback : project.trigger().value();
    }
  }

  private static String extension(ImageEntry image) {
    String name = image.fileName();
    return name.substring(name.lastIndexOf('.'));
  }

  private static boolean isImage(String path) {
    return ImageFormat.fromFileName(path).isPresent();
  }

  private static int position(Caption caption, TriggerWord trigger) {
    for (int i = 0; i < caption.tags().size(); i++) {
      if (trigger.matches(caption.tags().get(i))) {
        return i + 1;
      }
    }
    return 0;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(Subjects.DATASET)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
