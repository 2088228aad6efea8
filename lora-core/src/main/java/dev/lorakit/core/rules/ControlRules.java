package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.PEERS;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The edit models' control-image rules: control folders in the project, a same-stem control image
 * for every training image in the files, and the text-only workaround.
 *
 * <pre>{@code
 * String id = ControlRules.MISSING_FOLDERS.id(); // "control.missing-folders"
 * }</pre>
 */
public final class ControlRules {
  /** The arch of the text-to-image model, which trains edit weights without controls. */
  static final String TEXT_ONLY_ARCH = "qwen_image";

  /** An edit model without control folders. */
  public static final RuleDescriptor MISSING_FOLDERS =
      project(
          "control.missing-folders",
          ERROR,
          "an edit model without control folders",
          "Qwen-Image-Edit-2509 raises 'Missing control images' after the 20B model has"
              + " loaded; the guide never mentions control images",
          "add a control folder with a same-stem image per training image, or choose the"
              + " qwen_image arch workaround",
          AITK + "§0.4, §4.1");

  /** More control folders than the model reads. */
  public static final RuleDescriptor TOO_MANY_FOLDERS =
      project(
          "control.too-many-folders",
          ERROR,
          "more control folders than the model reads",
          "Edit-2509 reads up to 3 control images, the original Edit model 1",
          "keep at most the model's number of control folders",
          AITK + "§4.2");

  /** An edit model trained with the qwen_image arch. */
  public static final RuleDescriptor TEXT_ONLY_WORKAROUND =
      project(
          "control.text-only-workaround",
          WARNING,
          "an edit model trained with the qwen_image arch (no control images)",
          "a community workaround (ai-toolkit issue #480), not supported by the trainer and"
              + " untested by lorakit",
          "keep it only if you have no control images; check the LoRA in ComfyUI early",
          AITK + "§4.4");

  /** A training image without a same-stem image in every control folder (dataset files). */
  public static final RuleDescriptor MISSING_IMAGE =
      dataset(
          "control.missing-image",
          ERROR,
          "an edit-model training image without a same-stem image in every control folder",
          "Qwen-Image-Edit-2509 raises 'Missing control images' after the 20B model is loaded"
              + " and quantized",
          "add <stem>.jpg/.png/.webp (lower-case extension) to each control folder",
          AITK + "§4.1, §4.2; " + PEERS + "§2 ai-toolkit 1");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET = List.of(MISSING_IMAGE);

  private ControlRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            MISSING_FOLDERS,
            (p, f) -> {
              if (!p.requiresControlImages()) {
                return;
              }
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.controlFolders().isEmpty()) {
                  f.report(
                      folder.path(),
                      fmt(
                          "folder %s has no control folder; %s needs a control image for every"
                              + " training image",
                          folder.path(), p.baseModel().id()),
                      "add control folders (same file stems), or set the arch override qwen_image"
                          + " to train without controls",
                      0,
                      1);
                }
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            TOO_MANY_FOLDERS,
            (p, f) -> {
              int max = p.baseModel().maxControlImages();
              if (!p.requiresControlImages()) {
                return;
              }
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.controlFolders().size() > max) {
                  f.report(
                      folder.path(),
                      fmt(
                          "folder %s has %d control folders; %s reads at most %d",
                          folder.path(), folder.controlFolders().size(), p.baseModel().id(), max),
                      fmt("keep at most %d control folders", max),
                      folder.controlFolders().size(),
                      max);
                }
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            TEXT_ONLY_WORKAROUND,
            (p, f) -> {
              if (p.baseModel().needsControlImages()
                  && p.archOverride().map(a -> a.equals(TEXT_ONLY_ARCH)).orElse(false)) {
                f.report(
                    "model.arch",
                    fmt(
                        "arch %s on %s is a community workaround (issue #480)",
                        TEXT_ONLY_ARCH, p.baseModel().id()),
                    "keep it only without control images and test the LoRA early",
                    TEXT_ONLY_ARCH,
                    p.baseModel().arch());
              }
            }));
  }

  /** Every training image of an edit model has a same-stem, lower-case-extension control image. */
  static void controlImages(DatasetWalk w) {
    if (!w.project().requiresControlImages()) {
      return;
    }
    DatasetSnapshot snapshot = w.snapshot();
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
          w.f(MISSING_IMAGE)
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

  private static String extension(ImageEntry image) {
    String name = image.fileName();
    return name.substring(name.lastIndexOf('.'));
  }
}
