package dev.lorakit.cli;

import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.face.AuditedImage;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.face.FaceRules;
import dev.lorakit.core.face.ImmutableAuditedImage;
import dev.lorakit.core.face.ImmutableFaceAudit;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.vision.FaceAuditor;
import dev.lorakit.vision.FaceModels;
import dev.lorakit.vision.LossMasks;
import dev.lorakit.vision.ModelFileException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit faces}: the face audit of a dataset, optionally writing loss masks. */
@Command(
    name = "faces",
    mixinStandardHelpOptions = true,
    description =
        "Detect, align and embed every face: identity outliers, images without or with several"
            + " faces, faces too small at the training bucket, faces in body photos.")
final class FacesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset folder.")
  Path root;

  @Option(
      names = "--detector",
      paramLabel = "DET.onnx",
      required = true,
      description = "YuNet (face_detection_yunet_2023mar.onnx) or SCRFD (det_10g.onnx).")
  Path detector;

  @Option(
      names = "--embedder",
      paramLabel = "EMB.onnx",
      required = true,
      description = "SFace (face_recognition_sface_2021dec.onnx) or ArcFace (w600k_r50.onnx).")
  Path embedder;

  @Option(
      names = "--write-masks",
      description =
          "Write same-stem loss masks over the faces in body photos (.lorakit/masks/FOLDER);"
              + " 'lorakit config' then writes mask_path.")
  boolean writeMasks;

  @Option(
      names = "--resolution",
      defaultValue = "1024",
      description = "Training resolution the faces are judged at (default: ${DEFAULT-VALUE}).")
  int resolution;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    if (resolution < 64) {
      throw new UserException("--resolution " + resolution + " is too small", "pass e.g. 1024");
    }
    DatasetSnapshot snap = VisionFiles.scan(root);
    FaceAudit audit;
    try (FaceDetector det = VisionFiles.open(() -> FaceModels.detector(detector));
        FaceEmbedder emb = VisionFiles.open(() -> FaceModels.embedder(embedder))) {
      audit =
          FaceAuditor.of(det, emb)
              .atResolution(resolution)
              .audit(snap, ProgressBar.forTerminal(quiet || output.json(), "faces"));
    } catch (ModelFileException e) {
      throw new UserException(e.getMessage(), e.fix());
    }
    LossMasks.Result masks = null;
    if (writeMasks) {
      try {
        masks = LossMasks.write(root, audit);
      } catch (UncheckedIOException e) {
        throw new UserException(e.getMessage(), "check that the dataset folder is writable");
      }
      audit = withMasks(audit, masks);
    }
    ValidationReport report = RuleCatalogue.standard().check(FaceRules.FACES, audit);
    Map<String, Double> loo = audit.leaveOneOut();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("dataset", root.toString().replace('\\', '/'));
      json.put("detector", audit.detector());
      json.put("embedder", audit.embedder());
      json.put("outlierThreshold", audit.outlierThreshold());
      List<Map<String, Object>> images = new ArrayList<>();
      for (AuditedImage i : audit.images()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", i.path());
        m.put("role", i.role().id());
        m.put("faces", i.faces().size());
        if (loo.containsKey(i.path())) {
          m.put("identity", Math.round(loo.get(i.path()) * 1000) / 1000.0);
        }
        m.put("masked", i.masked());
        i.problem().ifPresent(p -> m.put("problem", p));
        images.add(m);
      }
      json.put("images", images);
      if (masks != null) {
        json.put("masks", Map.of("written", masks.written(), "folders", masks.folders()));
      }
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.printf(
          Locale.ROOT,
          "Faces in %s (%s + %s, outlier below %.3f)%n",
          root,
          audit.detector(),
          audit.embedder(),
          audit.outlierThreshold());
      for (AuditedImage i : audit.images()) {
        Double sim = loo.get(i.path());
        out.printf(
            Locale.ROOT,
            "  %-44s %-14s faces %d%s%s%n",
            i.path(),
            i.role().id(),
            i.faces().size(),
            sim == null ? "" : String.format(Locale.ROOT, "  identity %.3f", sim),
            i.masked() ? "  masked" : "");
      }
      if (masks != null) {
        out.printf(
            Locale.ROOT,
            "wrote %d mask(s) for %s; run 'lorakit config' to add mask_path%n",
            masks.written().size(),
            masks.folders().isEmpty() ? "no folder" : String.join(", ", masks.folders()));
      }
      out.println();
      ReportView.text(report, out);
    }
    return ReportView.exitCode(report);
  }

  private static FaceAudit withMasks(FaceAudit audit, LossMasks.Result masks) {
    Set<String> folders = new HashSet<>(masks.folders());
    List<AuditedImage> images = new ArrayList<>();
    for (AuditedImage i : audit.images()) {
      images.add(
          folders.contains(i.folder()) ? ImmutableAuditedImage.copyOf(i).withMasked(true) : i);
    }
    return ImmutableFaceAudit.copyOf(audit).withImages(images);
  }
}
