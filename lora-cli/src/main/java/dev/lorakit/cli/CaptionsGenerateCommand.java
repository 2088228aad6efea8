package dev.lorakit.cli;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.CaptionApplyResult;
import dev.lorakit.core.caption.CaptionEdit;
import dev.lorakit.core.caption.CaptionEditPlan;
import dev.lorakit.core.caption.SkippedCaption;
import dev.lorakit.core.caption.TagScore;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.vision.ModelFileException;
import dev.lorakit.vision.Wd14Tagger;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit captions generate}: WD14 tags for every training image without a caption, then the
 * guide's edits (trigger first, {@code realistic_body} in body folders, hallucinated features
 * removed) as one atomic, diffed caption plan.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Auto-caption with a WD14 v3 tagger on CPU (--wd14, --tags) or with ai-toolkit's"
            + " captioning job on a rented RunPod pod (--on-pod), then trigger first,"
            + " realistic_body for body folders and --remove-tags; existing captions are kept"
            + " unless --overwrite.")
final class CaptionsGenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset folder.")
  Path root;

  @Option(
      names = "--wd14",
      paramLabel = "MODEL.onnx",
      description = "WD14 v3 tagger model (e.g. SmilingWolf/wd-vit-tagger-v3 model.onnx).")
  Path model;

  @Option(names = "--tags", paramLabel = "CSV", description = "The model's selected_tags.csv.")
  Path tags;

  @Mixin CaptionsOnPod onPod;

  @Option(
      names = "--threshold",
      defaultValue = "0.35",
      description = "General tag threshold (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(
      names = "--character-threshold",
      defaultValue = "0.85",
      description = "Character tag threshold (default: ${DEFAULT-VALUE}).")
  double characterThreshold;

  @Option(
      names = "--remove-tags",
      paramLabel = "FILE",
      description = "Tags to remove, one per line or comma-separated (# starts a comment).")
  Path removeTags;

  @Option(names = "--trigger", description = "Trigger word (default: from the folder names).")
  String trigger;

  @Option(names = "--overwrite", description = "Replace existing captions with generated ones.")
  boolean overwrite;

  @Option(names = "--dry-run", description = "Show the diff, write nothing.")
  boolean dryRun;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    if (threshold < 0 || threshold > 1 || characterThreshold < 0 || characterThreshold > 1) {
      throw new UserException(
          "thresholds must lie in [0, 1]", "pass e.g. --threshold 0.35 --character-threshold 0.85");
    }
    boolean pod = onPod.enabled;
    if (pod && (model != null || tags != null)) {
      throw new UserException(
          "--on-pod captions on the pod; --wd14 and --tags tag on this machine",
          "give either --on-pod or --wd14 MODEL.onnx --tags selected_tags.csv");
    }
    if (!pod && (model == null || tags == null)) {
      throw new UserException(
          "captions generate needs a captioner",
          "pass --wd14 MODEL.onnx --tags selected_tags.csv, or --on-pod (RUNPOD_API_KEY set)");
    }
    List<String> removals = removals();
    DatasetSnapshot snap = VisionFiles.scan(root);
    TriggerWord t =
        trigger != null
            ? TriggerWord.of(trigger)
            : snap.triggerFromFolders()
                .orElseThrow(
                    () ->
                        new UserException(
                            "no trigger: no folder is named N_trigger",
                            "pass --trigger maya_char"));
    Map<String, Caption> proposed = new LinkedHashMap<>();
    List<SkippedCaption> unreadable = new ArrayList<>();
    List<ImageEntry> todo = new ArrayList<>();
    int kept = 0;
    for (ImageEntry image : snap.trainingImages()) {
      if (!overwrite && snap.captionFor(image).isPresent()) {
        kept++;
      } else {
        todo.add(image);
      }
    }
    int tagged = 0;
    Map<String, Object> podJson = null;
    if (pod) {
      CaptionsOnPod.Result r =
          onPod.caption(
              root,
              t,
              todo,
              ProgressBar.forTerminal(quiet || output.json(), "captioning on pod"),
              spec.commandLine().getErr(),
              output.json());
      proposed.putAll(r.proposed());
      unreadable.addAll(r.refused());
      tagged = r.proposed().size();
      podJson = r.json();
      if (!r.completed()) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("dataset", root.toString().replace('\\', '/'));
          json.put("trigger", t.value());
          json.put("pod", podJson);
          out.println(Json.write(json));
        }
        return Lorakit.FOUND_ERRORS;
      }
    } else if (!todo.isEmpty()) {
      ScanListener bar = ProgressBar.forTerminal(quiet || output.json(), "tagging");
      try (Wd14Tagger tagger = VisionFiles.open(() -> Wd14Tagger.open(model, tags))) {
        int done = 0;
        for (ImageEntry image : todo) {
          String caption =
              image.folder().isEmpty()
                  ? image.stem() + ".txt"
                  : image.folder() + "/" + image.stem() + ".txt";
          BufferedImage img = read(root.resolve(image.path()));
          if (img == null) {
            unreadable.add(SkippedCaption.of(image.path(), "image cannot be decoded; not tagged"));
          } else {
            proposed.put(caption, TagScore.caption(tagger.tag(img), threshold, characterThreshold));
            tagged++;
          }
          bar.fileScanned(image.path(), ++done, todo.size());
        }
      } catch (ModelFileException e) {
        throw new UserException(e.getMessage(), e.fix());
      } finally {
        bar.finished();
      }
    } else {
      // still refuse a missing model: the user asked for it and may rely on it next time
      VisionFiles.open(() -> Wd14Tagger.open(model, tags)).close();
    }
    CaptionEdit common = CaptionEdit.normalize();
    for (String tag : removals) {
      common = common.andThen(CaptionEdit.removeTag(tag));
    }
    common = common.andThen(CaptionEdit.triggerFirst(t));
    CaptionEdit everywhere = common.andThen(CaptionEdit.dedupe());
    CaptionEdit body =
        common
            .andThen(CaptionEdit.addTag(DatasetFolder.BODY_REALISM_TAG, 1))
            .andThen(CaptionEdit.dedupe());
    CaptionEditPlan plan =
        CaptionEditPlan.ofGenerated(
            root,
            proposed,
            path -> role(snap, path) == FolderRole.BODY_REALISM ? body : everywhere,
            overwrite);
    List<SkippedCaption> refused = new ArrayList<>(unreadable);
    refused.addAll(plan.refused());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dataset", root.toString().replace('\\', '/'));
    json.put("trigger", t.value());
    json.put("tagged", tagged);
    json.put("kept", kept);
    json.put("changes", plan.changes().size());
    json.put("refused", list(refused));
    json.put("diff", plan.diff());
    if (podJson != null) {
      json.put("pod", podJson);
    }
    if (!output.json()) {
      out.print(plan.diff());
      out.printf(
          Locale.ROOT,
          "%d tagged, %d existing kept, %d to write, %d refused%n",
          tagged,
          kept,
          plan.changes().size(),
          refused.size());
      refused.forEach(r -> out.println("  refused " + r.path() + ": " + r.reason()));
    }
    boolean complete = refused.isEmpty();
    if (!dryRun && !plan.isEmpty()) {
      CaptionApplyResult result = plan.apply();
      json.put("written", result.written());
      json.put("skipped", list(result.skipped()));
      complete &= result.complete();
      if (!output.json()) {
        out.printf(Locale.ROOT, "wrote %d caption(s)%n", result.written().size());
        result.skipped().forEach(r -> out.println("  skipped " + r.path() + ": " + r.reason()));
      }
    } else {
      json.put("written", List.of());
      json.put("skipped", List.of());
    }
    if (output.json()) {
      out.println(Json.write(json));
    }
    return complete ? Lorakit.OK : Lorakit.FOUND_ERRORS;
  }

  private static FolderRole role(DatasetSnapshot snap, String captionPath) {
    int slash = captionPath.lastIndexOf('/');
    String folder = slash < 0 ? "" : captionPath.substring(0, slash);
    return snap.folder(folder).map(DatasetFolder::role).orElse(FolderRole.OTHER);
  }

  private List<String> removals() {
    if (removeTags == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(removeTags, StandardCharsets.UTF_8)) {
        int hash = line.indexOf('#');
        String body = hash < 0 ? line : line.substring(0, hash);
        for (String tag : body.split(",")) {
          if (!tag.isBlank()) {
            out.add(tag.strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UserException(
          "--remove-tags file " + removeTags + " cannot be read",
          "give a text file with one tag per line");
    }
    return out;
  }

  /** The image as the trainer sees it (EXIF orientation applied); null when undecodable. */
  private static BufferedImage read(Path file) {
    return dev.lorakit.core.dataset.ExifOrientation.decode(file).orElse(null);
  }

  private static List<Map<String, String>> list(List<SkippedCaption> skipped) {
    List<Map<String, String>> out = new ArrayList<>();
    skipped.forEach(s -> out.add(Map.of("path", s.path(), "reason", s.reason())));
    return out;
  }
}
