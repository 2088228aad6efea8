package dev.lorakit.vision;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.core.face.AuditedFace;
import dev.lorakit.core.face.AuditedImage;
import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Detects, aligns and embeds every face of a dataset's training images.
 *
 * <pre>{@code
 * FaceAudit audit = FaceAuditor.of(detector, embedder).audit(snapshot, ScanListener.NONE);
 * ValidationReport report = RuleCatalogue.standard().check(FaceRules.FACES, audit);
 * }</pre>
 */
public final class FaceAuditor {
  private final FaceDetector detector;
  private final FaceEmbedder embedder;
  private final int resolution;

  private FaceAuditor(FaceDetector detector, FaceEmbedder embedder, int resolution) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.resolution = resolution;
  }

  /** An auditor judging faces at the guide's 1024 px training resolution. */
  public static FaceAuditor of(FaceDetector detector, FaceEmbedder embedder) {
    return new FaceAuditor(detector, embedder, 1024);
  }

  /** The same auditor for another training resolution entry. */
  public FaceAuditor atResolution(int resolution) {
    if (resolution < 64) {
      throw new IllegalArgumentException("resolution must be at least 64: " + resolution);
    }
    return new FaceAuditor(detector, embedder, resolution);
  }

  /** Audits every training image of {@code snapshot}; unreadable images carry a problem. */
  public FaceAudit audit(DatasetSnapshot snapshot, ScanListener listener) {
    List<ImageEntry> images = snapshot.trainingImages();
    dev.lorakit.core.face.ImmutableFaceAudit.Builder audit =
        FaceAudit.builder()
            .resolution(resolution)
            .minFaceSide(embedder.inputSize())
            .outlierThreshold(embedder.sameIdentityThreshold())
            .detector(detector.family())
            .embedder(embedder.family());
    Path root = snapshot.root();
    int done = 0;
    try {
      for (ImageEntry image : images) {
        FolderRole role =
            snapshot.folder(image.folder()).map(DatasetFolder::role).orElse(FolderRole.OTHER);
        dev.lorakit.core.face.ImmutableAuditedImage.Builder b =
            AuditedImage.builder().path(image.path()).folder(image.folder()).role(role);
        b.masked(LossMasks.maskFile(root, image.folder(), image.stem()).isPresent());
        Optional<BufferedImage> decoded = read(root.resolve(image.path()));
        if (decoded.isEmpty()) {
          b.width(image.width()).height(image.height()).problem("cannot be decoded");
        } else {
          BufferedImage img = decoded.get();
          b.width(img.getWidth()).height(img.getHeight());
          for (Face f : detector.detect(img)) {
            b.addFace(AuditedFace.of(f, embedder.embed(img, f)));
          }
        }
        audit.addImage(b.build());
        listener.fileScanned(image.path(), ++done, images.size());
      }
    } finally {
      listener.finished();
    }
    return audit.build();
  }

  /**
   * The image as the trainer sees it, EXIF orientation applied ({@link
   * dev.lorakit.core.dataset.ExifOrientation}), so a face box lies where ai-toolkit's crop and loss
   * mask put it; empty when it cannot be decoded.
   */
  static Optional<BufferedImage> read(Path file) {
    return dev.lorakit.core.dataset.ExifOrientation.decode(file);
  }
}
