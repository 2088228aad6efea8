package dev.lorakit.core.face;

import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.plan.ImageSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Every face of a dataset, with what the rules need to judge them: the training resolution (a face
 * is judged at the size the trainer sees it) and the embedder's own bounds.
 *
 * <pre>{@code
 * FaceAudit audit = FaceAuditor.of(detector, embedder).audit(snapshot);
 * ValidationReport report = RuleCatalogue.standard().check(FaceRules.FACES, audit);
 * Map<String, Double> loo = audit.leaveOneOut();
 * }</pre>
 */
@Value.Immutable
public abstract class FaceAudit {
  public abstract List<AuditedImage> images();

  /** The trainer's resolution entry the buckets are made for (the guide: 1024). */
  @Value.Default
  public int resolution() {
    return 1024;
  }

  /** Bucket side divisibility (32 for Qwen, {@code BaseModel}). */
  @Value.Default
  public int divisibility() {
    return 32;
  }

  /** The face side below which it is too small: the embedder's input side by default. */
  @Value.Default
  public int minFaceSide() {
    return 112;
  }

  /** Leave-one-out cosine below which a character face is an identity outlier. */
  public abstract double outlierThreshold();

  /** Detector and embedder families, for the report. */
  public abstract String detector();

  public abstract String embedder();

  public static ImmutableFaceAudit.Builder builder() {
    return ImmutableFaceAudit.builder();
  }

  /** The images of character folders with exactly one face: the identity reference set. */
  public List<AuditedImage> referenceImages() {
    List<AuditedImage> out = new ArrayList<>();
    for (AuditedImage i : images()) {
      if (i.role() == FolderRole.CHARACTER && i.faces().size() == 1) {
        out.add(i);
      }
    }
    return out;
  }

  /** The identity centroid of the reference set, when there is one. */
  public java.util.Optional<FaceEmbedding> centroid() {
    List<FaceEmbedding> all = new ArrayList<>();
    referenceImages().forEach(i -> all.add(i.faces().get(0).embedding()));
    return all.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(FaceEmbedding.centroid(all));
  }

  /**
   * For each reference image, the cosine of its face to the centroid of all the others (the
   * MirrorMetrics leave-one-out method, landscape-2026.md §3.3); empty below three images, where
   * "the others" are too few to stand for the character.
   */
  @Value.Lazy
  public Map<String, Double> leaveOneOut() {
    List<AuditedImage> refs = referenceImages();
    Map<String, Double> out = new LinkedHashMap<>();
    if (refs.size() < 3) {
      return out;
    }
    int n = refs.get(0).faces().get(0).embedding().dimension();
    float[] sum = new float[n];
    for (AuditedImage i : refs) {
      float[] v = i.faces().get(0).embedding().values();
      for (int k = 0; k < n; k++) {
        sum[k] += v[k];
      }
    }
    for (AuditedImage i : refs) {
      float[] v = i.faces().get(0).embedding().values();
      float[] others = new float[n];
      for (int k = 0; k < n; k++) {
        others[k] = sum[k] - v[k];
      }
      out.put(i.path(), FaceEmbedding.of(others).cosine(i.faces().get(0).embedding()));
    }
    return out;
  }

  /** The face's short side once the image is scaled to its training bucket. */
  public double trainedShortSide(AuditedImage image, Face face) {
    if (image.width() <= 0) {
      return face.shortSide();
    }
    ImageSize bucket =
        ImageSize.of(image.width(), image.height()).bucket(resolution(), divisibility());
    double scale = (double) bucket.width() / image.width();
    return face.shortSide() * scale;
  }
}
