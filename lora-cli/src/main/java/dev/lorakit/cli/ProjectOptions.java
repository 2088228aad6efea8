package dev.lorakit.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The project argument and options shared by check, plan, config and runpod launch. */
final class ProjectOptions {
  @Parameters(
      index = "0",
      paramLabel = "PROJECT",
      description = "lorakit.yaml, or a dataset folder with N_name subfolders.")
  java.nio.file.Path input;

  @Option(
      names = "--trigger",
      description = "Trigger word (default: the name part of the first character folder).")
  String trigger;

  @Option(
      names = "--base-model",
      defaultValue = "qwen-image-edit-2509",
      description =
          "Base model of a dataset folder: qwen-image, qwen-image-2512, qwen-image-edit,"
              + " qwen-image-edit-2509 (default, as in the guide) or qwen-image-edit-2511.")
  String baseModel;

  @Option(
      names = "--text-only-edit",
      description =
          "Train an edit model without control images, as text-to-image (arch qwen_image with the"
              + " Edit weights: ai-toolkit's community workaround, issue #480).")
  boolean textOnlyEdit;

  @Option(names = "--deep", description = "Decode every image fully to find corrupt pixel data.")
  boolean deep;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Option(
      names = "--similar",
      description = "Also find near-duplicate images by perceptual hash (decodes every image).")
  boolean similar;

  Workspace open() {
    Workspace.Options o = new Workspace.Options();
    o.deep = deep;
    o.similar = similar;
    o.quiet = quiet;
    o.trigger = trigger;
    o.baseModel = baseModel;
    o.textOnlyEdit = textOnlyEdit;
    return Workspace.open(input, o);
  }
}
