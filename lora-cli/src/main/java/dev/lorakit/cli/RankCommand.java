package dev.lorakit.cli;

import dev.lorakit.core.face.CheckpointIdentity;
import dev.lorakit.core.face.CheckpointRanking;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.vision.FaceAuditor;
import dev.lorakit.vision.FaceModels;
import dev.lorakit.vision.ModelFileException;
import dev.lorakit.vision.SampleScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
 * {@code lorakit rank}: the trainer's samples of each checkpoint scored against the dataset's
 * faces, ranked, one recommended; the ranking is saved as {@code RUN_DIR/lorakit-rank.json} for
 * {@code lorakit report --run RUN_DIR}.
 */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description =
        "Rank a run's checkpoints by the identity of their samples (cosine to the dataset's face"
            + " centroid) and flag copies of single training faces.")
final class RankCommand implements Callable<Integer> {
  /** Where the ranking is saved in the run folder. */
  static final String RANK_FILE = "lorakit-rank.json";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "ai-toolkit run folder (checkpoints and samples/).")
  Path run;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      required = true,
      description = "The dataset the run was trained on (its character faces are the reference).")
  Path dataset;

  @Option(
      names = "--detector",
      paramLabel = "DET.onnx",
      required = true,
      description = "YuNet or SCRFD.")
  Path detector;

  @Option(
      names = "--embedder",
      paramLabel = "EMB.onnx",
      required = true,
      description = "SFace or ArcFace.")
  Path embedder;

  @Option(
      names = "--copy-threshold",
      defaultValue = "0.85",
      description = "Copycat cosine from which a checkpoint copies (default: ${DEFAULT-VALUE}).")
  double copyThreshold;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    if (!Files.isDirectory(run)) {
      throw new UserException("'" + run + "' is not a folder", "give the run's output folder");
    }
    List<CheckpointIdentity> scores;
    try (FaceDetector det = VisionFiles.open(() -> FaceModels.detector(detector));
        FaceEmbedder emb = VisionFiles.open(() -> FaceModels.embedder(embedder))) {
      FaceAudit reference =
          FaceAuditor.of(det, emb)
              .audit(
                  VisionFiles.scan(dataset),
                  ProgressBar.forTerminal(quiet || output.json(), "faces"));
      SampleScorer scorer;
      try {
        scorer = SampleScorer.of(det, emb, reference);
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "no character image of " + dataset + " has exactly one face",
            "run 'lorakit faces' on the dataset and fix its character images");
      }
      scores = scorer.scoreRun(run);
    } catch (ModelFileException e) {
      throw new UserException(e.getMessage(), e.fix());
    } catch (UncheckedIOException e) {
      throw new UserException(e.getMessage(), "check the run folder");
    }
    if (scores.isEmpty()) {
      throw new UserException(
          "no trainer samples (<ms>__<step>_<n>.jpg) in " + run + " or its samples/ folder",
          "give the run folder ai-toolkit wrote, with sampling enabled");
    }
    CheckpointRanking ranking = CheckpointRanking.of(scores, copyThreshold);
    Map<String, Object> json = json(run, ranking);
    try {
      AtomicFiles.write(run.resolve(RANK_FILE), Json.write(json).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException(
          "cannot write " + run.resolve(RANK_FILE) + ": " + e.getMessage(),
          "check the run folder's permissions");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.write(json));
    } else {
      out.printf(
          Locale.ROOT,
          "%-6s %-10s %8s %8s %6s  %s%n",
          "rank",
          "step",
          "identity",
          "copycat",
          "faces",
          "checkpoint");
      int n = 1;
      for (CheckpointIdentity s : ranking.ranked()) {
        out.printf(
            Locale.ROOT,
            "%-6d %-10d %8.3f %8.3f %3d/%-2d  %s%s%n",
            n++,
            s.step(),
            s.identity(),
            s.copycat(),
            s.faces(),
            s.samples(),
            s.checkpoint().orElse("-"),
            s.copycat() >= copyThreshold ? "  copies " + s.nearestTrainingImage().orElse("?") : "");
      }
      out.println();
      out.println(
          ranking
              .recommended()
              .map(
                  r ->
                      "recommended: step "
                          + r.step()
                          + r.checkpoint().map(c -> " (" + c + ")").orElse(""))
              .orElse("no checkpoint recommended"));
      out.println("reason: " + ranking.reason());
    }
    return ranking.recommended().isPresent() ? Lorakit.OK : Lorakit.FOUND_ERRORS;
  }

  static Map<String, Object> json(Path run, CheckpointRanking ranking) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CheckpointIdentity s : ranking.ranked()) {
      rows.add(row(s));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run", run.toString().replace('\\', '/'));
    json.put("copyThreshold", ranking.copyThreshold());
    json.put("checkpoints", rows);
    json.put("recommended", ranking.recommended().map(RankCommand::row).orElse(null));
    json.put("reason", ranking.reason());
    return json;
  }

  private static Map<String, Object> row(CheckpointIdentity s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s.step());
    m.put("checkpoint", s.checkpoint().orElse(null));
    m.put("samples", s.samples());
    m.put("faces", s.faces());
    m.put("identity", Math.round(s.identity() * 1000) / 1000.0);
    m.put("copycat", Math.round(s.copycat() * 1000) / 1000.0);
    m.put("nearestTrainingImage", s.nearestTrainingImage().orElse(null));
    return m;
  }
}
