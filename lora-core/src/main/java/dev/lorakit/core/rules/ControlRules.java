package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.PEERS;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.merging;
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
import java.util.ArrayList;
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
  /** An edit model without control folders. */
  public static final RuleDescriptor MISSING_FOLDERS =
      merging(
          project(
              "control.missing-folders",
              ERROR,
              "an edit model without control folders",
              "qwen_image_edit_plus (Edit-2509/2511) raises 'Missing control images' after the"
                  + " 20B model has loaded (qwen_image_edit_plus.py l.179); the original"
                  + " qwen_image_edit splits the latent channels anyway (qwen_image_edit.py l.226)"
                  + " and trains on malformed input; the guide never mentions control images",
              "train the text-to-image base (--base-model qwen-image-2512), train the Edit weights"
                  + " without controls (--text-only-edit), or add a control folder with a same-stem"
                  + " image per training image",
              AITK + "§0.4, §4.1; landscape-2026.md §1"),
          "config.missing-control-path");

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
              List<String> missing = new ArrayList<>();
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.controlFolders().isEmpty()) {
                  missing.add(folder.path());
                }
              }
              if (missing.isEmpty()) {
                return;
              }
              // One cause, one error: every way out at once, each usable as it is written.
              f.report(
                  "datasets",
                  fmt(
                      "%s needs a control image for every training image, and %s %s no control"
                          + " folder",
                      p.baseModel().id(),
                      String.join(", ", missing),
                      missing.size() == 1 ? "has" : "have"),
                  "choose one way out: --base-model qwen-image-2512 (the text-to-image base now"
                      + " used for realistic characters; base_model in lorakit.yaml),"
                      + " --text-only-edit (the Edit weights as text-to-image, a community"
                      + " workaround; arch_override: qwen_image), or add a control folder with a"
                      + " same-stem image per training image (control_folders)",
                  String.join(", ", missing),
                  "a control folder per training folder");
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
              if (p.textOnlyEdit()) {
                f.report(
                    "model.arch",
                    fmt(
                        "arch %s on %s is a community workaround (issue #480)",
                        p.baseModel().textOnlyArch(), p.baseModel().id()),
                    "keep it only without control images and test the LoRA early",
                    p.baseModel().textOnlyArch(),
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
