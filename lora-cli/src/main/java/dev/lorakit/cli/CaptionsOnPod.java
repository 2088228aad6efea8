package dev.lorakit.cli;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.SkippedCaption;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.training.CaptionJob;
import dev.lorakit.runpod.training.CaptionOutcome;
import dev.lorakit.runpod.training.CaptionRun;
import dev.lorakit.runpod.training.CaptionRunSpec;
import dev.lorakit.runpod.training.PodDatasets;
import dev.lorakit.runpod.training.RunState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --on-pod} options of {@code captions generate}: ai-toolkit's own captioning job on a
 * RunPod pod ({@link CaptionRun}); the captions it writes come home as the proposed captions of the
 * same caption plan as WD14's.
 */
final class CaptionsOnPod {
  @Option(
      names = "--on-pod",
      description =
          "Caption with ai-toolkit's captioning job (Qwen3-VL or Qwen3-Omni) on a RunPod pod"
              + " rented for it and terminated after; key from RUNPOD_API_KEY.")
  boolean enabled;

  @Option(
      names = "--captioner",
      paramLabel = "NAME",
      description = "With --on-pod: QWEN3_VL (default) or QWEN3_OMNI.")
  CaptionJob.Captioner captioner;

  @Option(
      names = "--caption-model",
      paramLabel = "REPO",
      description =
          "With --on-pod: the captioner's model_name_or_path (default Qwen/Qwen3-VL-8B-Instruct,"
              + " or ai-toolkit/Qwen3-Omni-30B-A3B-Thinking).")
  String captionModel;

  @Option(
      names = "--caption-prompt",
      paramLabel = "TEXT",
      description =
          "With --on-pod: the caption prompt (default: the ai-toolkit UI's image prompt).")
  String prompt;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "With --on-pod: caption length in tokens (default 128 Qwen3-VL, 512 Omni).")
  Integer maxNewTokens;

  @Option(
      names = "--gpu",
      paramLabel = "GPU",
      description = "With --on-pod: RunPod GPU type (default: NVIDIA L40S, the guide's).")
  String gpu;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description = "With --on-pod: stop and terminate when the pod has cost this much.")
  Double maxCost;

  @Option(
      names = "--max-hours",
      paramLabel = "HOURS",
      description = "With --on-pod: stop and terminate after this wall time (default 2).")
  Double maxHours;

  @Option(
      names = "--proxy-url-template",
      paramLabel = "URL",
      description = "With --on-pod: UI address; {podId} is replaced.")
  String proxyUrlTemplate;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "With --on-pod: where the run journal goes (default runs/captions-<trigger>, which"
              + " `lorakit runpod reap` reads).")
  Path outputDir;

  @Mixin RunpodCommand.Api api;

  /** What came back from the pod. */
  record Result(
      Map<String, Caption> proposed,
      List<SkippedCaption> refused,
      boolean completed,
      Map<String, Object> json) {}

  /** Captions {@code todo} on a pod; nothing is rented when there is nothing to caption. */
  Result caption(
      Path root,
      TriggerWord trigger,
      List<ImageEntry> todo,
      ScanListener bar,
      PrintWriter err,
      boolean quietErrors) {
    if (todo.isEmpty()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("state", "NOT_NEEDED");
      json.put("message", "every image has a caption; nothing rented");
      return new Result(Map.of(), List.of(), true, json);
    }
    Map<String, List<ImageEntry>> byFolder = new LinkedHashMap<>();
    todo.forEach(i -> byFolder.computeIfAbsent(i.folder(), k -> new ArrayList<>()).add(i));
    Map<String, String> names = PodDatasets.datasetNames(new ArrayList<>(byFolder.keySet()));
    Map<Path, ImageEntry> byFile = new LinkedHashMap<>();
    String runName =
        "captions-" + trigger.value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
    CaptionJob.Captioner c = captioner != null ? captioner : CaptionJob.Captioner.QWEN3_VL;
    var job = CaptionJob.builder().captioner(c);
    if (captionModel != null) {
      job.model(captionModel);
    }
    if (prompt != null) {
      job.prompt(prompt);
    }
    if (maxNewTokens != null) {
      job.maxNewTokens(maxNewTokens);
    }
    var b =
        CaptionRunSpec.builder()
            .runName(runName)
            .job(job.build())
            .outputDir(outputDir != null ? outputDir : Path.of("runs", runName));
    Path turned = null;
    try {
      turned = java.nio.file.Files.createTempDirectory("lorakit-captions-");
      int n = 0;
      for (Map.Entry<String, List<ImageEntry>> folder : byFolder.entrySet()) {
        List<Path> files = new ArrayList<>();
        for (ImageEntry i : folder.getValue()) {
          Path f = uploaded(root.resolve(i.path()), i, turned.resolve(String.valueOf(n++)));
          files.add(f);
          byFile.put(f, i);
        }
        b.putImage(names.get(folder.getKey()), files);
      }
      return run(b, byFile, c, bar, err, quietErrors);
    } catch (java.io.IOException e) {
      throw new UserException(
          "cannot prepare the upload: " + e.getMessage(), "check the temporary folder");
    } finally {
      deleteQuietly(turned);
    }
  }

  /**
   * The file to upload for an image: the image itself, or, when it carries an EXIF orientation
   * other than 1, an upright copy of the same name. ai-toolkit's captioner opens images without
   * {@code exif_transpose} ({@code extensions_built_in/captioner/BaseCaptioner.py} l.139-140 at
   * 27a03a91) while the trainer applies it ({@code toolkit/dataloader_mixins.py} l.895-896), so the
   * original would be captioned sideways. WebP has no ImageIO writer here and goes up as is.
   */
  private static Path uploaded(Path file, ImageEntry image, Path dir) throws java.io.IOException {
    if (image.orientation() == 1 || image.format() == dev.lorakit.core.dataset.ImageFormat.WEBP) {
      return file;
    }
    var shown = dev.lorakit.core.dataset.ExifOrientation.decode(file);
    if (shown.isEmpty()) {
      return file;
    }
    java.nio.file.Files.createDirectories(dir);
    Path copy = dir.resolve(file.getFileName().toString());
    String format = image.format() == dev.lorakit.core.dataset.ImageFormat.JPEG ? "jpeg" : "png";
    if (!javax.imageio.ImageIO.write(shown.get(), format, copy.toFile())) {
      return file;
    }
    return copy;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = java.nio.file.Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  java.nio.file.Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                  // a temporary copy left behind is harmless
                }
              });
    } catch (java.io.IOException e) {
      // nothing to clean up
    }
  }

  private Result run(
      dev.lorakit.runpod.training.ImmutableCaptionRunSpec.Builder b,
      Map<Path, ImageEntry> byFile,
      CaptionJob.Captioner c,
      ScanListener bar,
      PrintWriter err,
      boolean quietErrors) {
    if (gpu != null) {
      b.hardware(HardwareTarget.builder().gpuType(gpu).build());
    }
    if (maxCost != null) {
      b.maxCostUsd(maxCost);
    }
    if (maxHours != null) {
      b.maxWallTime(Duration.ofSeconds(Math.round(maxHours * 3600)));
    }
    if (proxyUrlTemplate != null) {
      b.proxyUrlTemplate(proxyUrlTemplate);
    }
    CaptionRunSpec runSpec;
    try {
      runSpec = b.build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), "check the --on-pod options");
    }
    CaptionOutcome o;
    try (RunpodClient client = api.client(true)) {
      o =
          RunpodCommand.call(
              () ->
                  CaptionRun.builder(client, runSpec)
                      .sleeper(RunpodCommand.sleeper)
                      .clock(RunpodCommand.clock)
                      .listener(bar)
                      .build()
                      .execute());
    }
    Map<String, Caption> proposed = new LinkedHashMap<>();
    o.captions()
        .forEach(
            (file, text) -> {
              ImageEntry i = byFile.get(file);
              proposed.put(captionPath(i), Caption.parse(text));
            });
    List<SkippedCaption> refused = new ArrayList<>();
    for (Path f : o.uncaptioned()) {
      refused.add(
          SkippedCaption.of(
              byFile.get(f).path(), "ai-toolkit's captioner wrote no caption; see the pod log"));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("state", o.state().name());
    json.put("captioner", c.processType());
    json.put("model", runSpec.job().model().orElse(c.defaultModel()));
    json.put("podId", o.podId().orElse(null));
    json.put("images", byFile.size());
    json.put("captioned", o.captions().size());
    json.put("costUsd", o.costUsd());
    json.put("billedUsd", o.billedUsd().isPresent() ? o.billedUsd().getAsDouble() : null);
    json.put("podTerminated", o.podTerminated());
    json.put("journal", runSpec.outputDir().toString().replace('\\', '/'));
    json.put("message", o.message());
    String line =
        String.format(
            Locale.ROOT,
            "pod: %s, %s; cost $%.2f%s; pod %s",
            o.state().name().toLowerCase(Locale.ROOT),
            o.message(),
            o.costUsd(),
            o.billedUsd().isPresent()
                ? String.format(Locale.ROOT, " (billed $%.2f)", o.billedUsd().getAsDouble())
                : "",
            o.podTerminated() ? "terminated" : "NOT terminated: run `lorakit runpod reap`");
    boolean completed = o.state() == RunState.COMPLETED;
    if (!quietErrors) {
      err.println(completed ? line : "lorakit: " + line + "; no caption written");
    }
    return new Result(proposed, refused, completed, json);
  }

  private static String captionPath(ImageEntry image) {
    return image.folder().isEmpty()
        ? image.stem() + ".txt"
        : image.folder() + "/" + image.stem() + ".txt";
  }
}
