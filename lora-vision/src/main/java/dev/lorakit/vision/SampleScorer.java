package dev.lorakit.vision;

import dev.lorakit.core.face.AuditedImage;
import dev.lorakit.core.face.CheckpointIdentity;
import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.face.FaceEmbedding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scores the trainer's samples of each checkpoint against the dataset's faces: identity is the mean
 * cosine of the samples' faces to the centroid of the character faces; copycat is the highest
 * cosine of any sample face to any single training face (the MirrorMetrics measures,
 * landscape-2026.md §1.6, §3.3).
 *
 * <p>Samples are found as ai-toolkit names them, {@code <ms>__<9-digit step>_<index>.<ext>} ({@code
 * BaseSDTrainProcess} l.307-309; ai-toolkit-audit.md §2), in {@code RUN_DIR/samples} or {@code
 * RUN_DIR}; checkpoints as {@code <name>_<9-digit step>.safetensors}.
 *
 * <pre>{@code
 * SampleScorer scorer = SampleScorer.of(detector, embedder, datasetAudit);
 * CheckpointRanking ranking = CheckpointRanking.of(scorer.scoreRun(runDir), 0.85);
 * }</pre>
 */
public final class SampleScorer {
  static final Pattern SAMPLE = Pattern.compile("\\d+__(\\d{9})_(\\d+)\\.(?i:jpg|jpeg|png|webp)");
  static final Pattern CHECKPOINT = Pattern.compile(".*_(\\d{9})\\.safetensors");

  private final FaceDetector detector;
  private final FaceEmbedder embedder;
  private final FaceEmbedding centroid;
  private final List<String> referencePaths = new ArrayList<>();
  private final List<FaceEmbedding> references = new ArrayList<>();

  private SampleScorer(FaceDetector detector, FaceEmbedder embedder, FaceAudit reference) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    for (AuditedImage i : reference.referenceImages()) {
      referencePaths.add(i.path());
      references.add(i.faces().get(0).embedding());
    }
    this.centroid =
        reference
            .centroid()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the dataset has no character image with exactly one face"));
  }

  /**
   * A scorer against the character faces of {@code reference}.
   *
   * @throws IllegalArgumentException when the dataset has no character image with one face
   */
  public static SampleScorer of(FaceDetector detector, FaceEmbedder embedder, FaceAudit reference) {
    return new SampleScorer(detector, embedder, reference);
  }

  /** Scores one checkpoint's sample images. */
  public CheckpointIdentity score(long step, List<BufferedImage> samples) {
    double sum = 0;
    int faces = 0;
    double copy = 0;
    String nearest = null;
    for (BufferedImage sample : samples) {
      List<Face> found = detector.detect(sample);
      if (found.isEmpty()) {
        continue;
      }
      FaceEmbedding e = embedder.embed(sample, found.get(0));
      faces++;
      sum += e.cosine(centroid);
      for (int i = 0; i < references.size(); i++) {
        double c = e.cosine(references.get(i));
        if (nearest == null || c > copy) {
          copy = c;
          nearest = referencePaths.get(i);
        }
      }
    }
    return CheckpointIdentity.builder()
        .step(step)
        .samples(samples.size())
        .faces(faces)
        .identity(faces == 0 ? 0 : sum / faces)
        .copycat(faces == 0 ? 0 : copy)
        .nearestTrainingImage(Optional.ofNullable(nearest))
        .build();
  }

  /** Scores every step that has samples in {@code runDir}, in step order. */
  public List<CheckpointIdentity> scoreRun(Path runDir) {
    Map<Long, List<Path>> byStep = samples(runDir);
    Map<Long, String> checkpoints = checkpoints(runDir);
    List<CheckpointIdentity> out = new ArrayList<>();
    for (Map.Entry<Long, List<Path>> e : byStep.entrySet()) {
      List<BufferedImage> images = new ArrayList<>();
      for (Path p : e.getValue()) {
        FaceAuditor.read(p).ifPresent(images::add);
      }
      CheckpointIdentity s = score(e.getKey(), images);
      String ckpt = checkpoints.get(e.getKey());
      out.add(
          ckpt == null
              ? s
              : dev.lorakit.core.face.ImmutableCheckpointIdentity.copyOf(s).withCheckpoint(ckpt));
    }
    return out;
  }

  /** Sample files by step, from {@code runDir/samples} or {@code runDir}. */
  public static Map<Long, List<Path>> samples(Path runDir) {
    Path dir = Files.isDirectory(runDir.resolve("samples")) ? runDir.resolve("samples") : runDir;
    Map<Long, List<Path>> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .sorted()
          .forEach(
              p -> {
                Matcher m = SAMPLE.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                  out.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>()).add(p);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  private static Map<Long, String> checkpoints(Path runDir) {
    Map<Long, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(runDir)) {
      files.forEach(
          p -> {
            Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
            if (m.matches()) {
              out.put(Long.parseLong(m.group(1)), p.getFileName().toString());
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runDir, e);
    }
    return out;
  }
}
