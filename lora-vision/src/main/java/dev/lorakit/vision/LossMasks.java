package dev.lorakit.vision;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.face.AuditedFace;
import dev.lorakit.core.face.AuditedImage;
import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.internal.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Loss masks that keep a body photo in training without its stranger's face: a same-stem greyscale
 * PNG, white (full loss) everywhere but black over each face box grown by {@link #MARGIN} of its
 * size on every side. ai-toolkit multiplies the loss by the mask ({@code SDTrainer} l.949-959,
 * {@code dataloader_mixins.py} MaskFileItemDTOMixin, mask looked up by stem in the dataset's {@code
 * mask_path}).
 *
 * <p>Every image of a masked folder gets a mask, all white when it has no face: in a batch where
 * some images have a mask, ai-toolkit gives the others an all-zero mask ({@code
 * data_transfer_object/data_loader.py} l.399-412), which would drop them from the loss.
 *
 * <pre>{@code
 * LossMasks.Result r = LossMasks.write(root, audit);
 * r.written(); // [".lorakit/masks/20_maya_realbody/body001.png", ...]
 * }</pre>
 */
public final class LossMasks {
  /**
   * How far beyond the detector's box the mask reaches, as a fraction of the box side: detector
   * boxes stop at the hairline and chin. lorakit's choice, not a measured optimum.
   */
  public static final double MARGIN = 0.2;

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp");

  private LossMasks() {}

  /** What {@link #write} did. */
  public record Result(List<String> written, List<String> folders, int facesMasked) {}

  /** The existing mask of an image, when there is one. */
  public static Optional<Path> maskFile(Path root, String folder, String stem) {
    Path dir = root.resolve(DatasetFolder.defaultMaskFolder(folder));
    for (String ext : EXTENSIONS) {
      Path p = dir.resolve(stem + ext);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes masks for every body-realism folder in which the audit found a face, each file
   * atomically.
   *
   * @throws UncheckedIOException when a mask cannot be written
   */
  public static Result write(Path root, FaceAudit audit) {
    Map<String, List<AuditedImage>> byFolder = new LinkedHashMap<>();
    for (AuditedImage i : audit.images()) {
      if (i.role() == FolderRole.BODY_REALISM && i.problem().isEmpty()) {
        byFolder.computeIfAbsent(i.folder(), k -> new ArrayList<>()).add(i);
      }
    }
    List<String> written = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    int faces = 0;
    for (Map.Entry<String, List<AuditedImage>> e : byFolder.entrySet()) {
      if (e.getValue().stream().allMatch(i -> i.faces().isEmpty())) {
        continue;
      }
      folders.add(e.getKey());
      String maskDir = DatasetFolder.defaultMaskFolder(e.getKey());
      for (AuditedImage image : e.getValue()) {
        String stem = stem(image.path());
        String rel = maskDir + "/" + stem + ".png";
        Path file = root.resolve(rel);
        try {
          Files.createDirectories(file.getParent());
          AtomicFiles.write(file, png(mask(image)));
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot write mask " + rel, ex);
        }
        written.add(rel);
        faces += image.faces().size();
      }
    }
    return new Result(written, folders, faces);
  }

  static BufferedImage mask(AuditedImage image) {
    int w = image.width();
    int h = image.height();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
    java.util.Arrays.fill(data, (byte) 255);
    for (AuditedFace af : image.faces()) {
      Face f = af.face();
      int x0 = (int) Math.floor(f.x() - MARGIN * f.width());
      int y0 = (int) Math.floor(f.y() - MARGIN * f.height());
      int x1 = (int) Math.ceil(f.x() + (1 + MARGIN) * f.width());
      int y1 = (int) Math.ceil(f.y() + (1 + MARGIN) * f.height());
      for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
        for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
          data[y * w + x] = 0;
        }
      }
    }
    return out;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) {
      throw new IOException("no PNG writer");
    }
    return bytes.toByteArray();
  }

  private static String stem(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }
}
