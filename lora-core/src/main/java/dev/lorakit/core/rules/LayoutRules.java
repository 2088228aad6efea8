package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.PEERS;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ImageFormat;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.dataset.ScanProblem;
import dev.lorakit.core.dataset.StrayFile;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dataset-layout rules: repeat folders where the trainer looks, readable paths, no empty
 * training folder and no stray files.
 *
 * <pre>{@code
 * String id = LayoutRules.NO_REPEAT_FOLDERS.id(); // "dataset.no-repeat-folders"
 * }</pre>
 */
public final class LayoutRules {

  /** Repeat folders or images one folder level deeper than the trainer looks. */
  public static final RuleDescriptor TOO_DEEP =
      dataset(
          "dataset.too-deep",
          ERROR,
          "repeat folders or images one folder level deeper than the trainer looks",
          "sd-scripts stops with 'No data found' after launch; ai-toolkit trains nested images"
              + " with the parent folder's repeats",
          "point at the folder that holds the N_name folders; move nested images up",
          PEERS + "§2 sd-scripts 1");

  /** A dataset root without N_name repeat folders, or with images directly in it. */
  public static final RuleDescriptor NO_REPEAT_FOLDERS =
      dataset(
          "dataset.no-repeat-folders",
          ERROR,
          "a dataset root without N_name repeat folders, or with images directly in it",
          "without repeat folders every image gets 1 repeat and the guide's 4:1 balance is lost",
          "put images in folders such as 40_name and 20_name_realbody",
          GUIDE + "Folder Structure; " + AITK + "§3.1");

  /** A folder or file that cannot be read. */
  public static final RuleDescriptor UNREADABLE =
      dataset(
          "dataset.unreadable",
          ERROR,
          "a folder or file that cannot be read (permission, symlink loop, missing folder)",
          "the trainer fails on it or silently trains without it",
          "fix the path or its permissions",
          "lorakit");

  /** A training folder without images. */
  public static final RuleDescriptor EMPTY_FOLDER =
      dataset(
          "dataset.empty-folder",
          ERROR,
          "a training folder without images",
          "ai-toolkit stops with 'no images found' after the model has loaded",
          "add images to the folder or remove it",
          PEERS + "§4 ai-toolkit, hollowstrawberry");

  /** A file that is neither an image nor a caption. */
  public static final RuleDescriptor STRAY_FILE =
      dataset(
          "dataset.stray-file",
          WARNING,
          "a file that is neither an image nor a caption (.DS_Store, ._*, Thumbs.db, other"
              + " types)",
          "macOS ._img.jpg files are loaded as images and fail mid-run (OneTrainer #71); other"
              + " files hint at a wrong caption extension or a copy mistake",
          "delete the file, or rename captions to .txt",
          PEERS + "§2 OneTrainer 2, §4 hollowstrawberry");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET =
      List.of(TOO_DEEP, NO_REPEAT_FOLDERS, UNREADABLE, EMPTY_FOLDER, STRAY_FILE);

  private LayoutRules() {}

  /** Unreadable paths, nesting, repeat folders and stray files. */
  static void layout(DatasetWalk w) {
    DatasetSnapshot snapshot = w.snapshot();
    for (ScanProblem p : snapshot.problems()) {
      w.f(UNREADABLE).report(p.path(), p.message(), "fix the path or its permissions", null, null);
    }
    for (String path : snapshot.tooDeep()) {
      boolean image = ImageFormat.fromFileName(path).isPresent();
      if (image) {
        w.f(TOO_DEEP)
            .report(
                WARNING,
                path,
                "image is nested below its dataset folder: sd-scripts ignores it, ai-toolkit"
                    + " trains it",
                "move it up into " + path.substring(0, path.indexOf('/')),
                path,
                "depth 1");
      } else {
        w.f(TOO_DEEP)
            .report(
                path,
                fmt("repeat folder %s is one level too deep", path),
                fmt("point the dataset at %s", path.substring(0, path.lastIndexOf('/'))),
                path,
                "depth 1");
      }
    }
    if (!snapshot.imagesIn(".").isEmpty()) {
      w.f(NO_REPEAT_FOLDERS)
          .report(
              ".",
              fmt(
                  "%d images lie directly in the dataset root instead of in N_name folders",
                  snapshot.imagesIn(".").size()),
              "move them into a repeat folder such as 40_" + w.triggerOr("name"),
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
      w.f(NO_REPEAT_FOLDERS)
          .report(
              ".",
              training.isEmpty()
                  ? "the dataset root has no dataset folders"
                  : fmt(
                      "none of the %d folders has a repeat count (N_name): each gets 1 repeat",
                      training.size()),
              "name folders 40_"
                  + w.triggerOr("name")
                  + " and 20_"
                  + w.triggerOr("name")
                  + "_realbody",
              training.size(),
              null);
    }
    for (StrayFile s : snapshot.strayFiles()) {
      boolean fork = s.kind() == StrayFile.Kind.APPLE_DOUBLE && s.looksLikeImage();
      Severity severity = fork ? ERROR : WARNING;
      String hint =
          switch (s.kind()) {
            case APPLE_DOUBLE -> "delete it (dot_clean, or copy without macOS metadata)";
            case EDIT_LEFTOVER -> "delete it: it is a leftover of an interrupted caption edit";
            case SYSTEM_FILE, HIDDEN -> "delete it";
            case UNKNOWN_TYPE ->
                s.path().toLowerCase(Locale.ROOT).endsWith(".caption")
                    ? "rename captions to ."
                        + snapshot.options().captionExtension()
                        + " (ai-toolkit's caption_ext)"
                    : "move it out of the dataset";
          };
      String kind = s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      w.f(STRAY_FILE)
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

  /** Training folders (other than the root) without images. */
  static void emptyFolders(DatasetWalk w) {
    DatasetSnapshot snapshot = w.snapshot();
    for (DatasetFolder folder : snapshot.spec().trainingFolders()) {
      if (!folder.path().equals(".") && snapshot.imagesIn(folder.path()).isEmpty()) {
        w.f(EMPTY_FOLDER)
            .report(
                folder.path(),
                fmt("folder %s has no images", folder.path()),
                "add images or remove the folder",
                0,
                1);
      }
    }
  }

  private static boolean isImage(String path) {
    return ImageFormat.fromFileName(path).isPresent();
  }
}
