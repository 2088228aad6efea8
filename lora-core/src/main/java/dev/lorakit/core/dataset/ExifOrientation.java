package dev.lorakit.core.dataset;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * EXIF orientation (tag 0x0112, values 1-8) applied as ai-toolkit applies it: the trainer opens
 * every image as {@code exif_transpose(Image.open(path))} before it measures the size for the
 * buckets ({@code toolkit/data_transfer_object/data_loader.py} l.155-159 at 27a03a91) and before it
 * crops and encodes it ({@code toolkit/dataloader_mixins.py} l.895-896; the mask, l.1585, and the
 * control images, l.1158, too). Pillow's {@code ImageOps.exif_transpose} ({@code
 * src/PIL/ImageOps.py} l.716-724 at 4e5f09f5) maps 2 to a left-right flip, 3 to a half turn, 4 to a
 * top-bottom flip, 5 to a transpose, 6 to a quarter turn clockwise, 7 to a transverse and 8 to a
 * quarter turn counter-clockwise; 5-8 swap width and height. {@code ImageIO} decodes the stored
 * pixels and ignores the tag, so lorakit's decoders (the WD14 tagger, the face audit, the run's
 * sample statistics) go through {@link #decode} to see what the trainer sees.
 *
 * <pre>{@code
 * Optional<BufferedImage> shown = ExifOrientation.decode(Path.of("dataset/40_maya/img1.jpg"));
 * int o = ExifOrientation.read(Path.of("dataset/40_maya/img1.jpg")); // 6 for a phone portrait
 * }</pre>
 */
public final class ExifOrientation {
  private ExifOrientation() {}

  /** The file's EXIF orientation, 1 when it has none, an unreadable one or one outside 1-8. */
  public static int read(Path file) {
    try {
      Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
      for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          int o = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
          return o >= 1 && o <= 8 ? o : 1;
        }
      }
      return 1;
    } catch (Exception e) { // metadata-extractor throws several checked types; EXIF is optional
      return 1;
    }
  }

  /** Whether the orientation swaps width and height (5-8). */
  public static boolean swapsSides(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /**
   * The image decoded with its EXIF orientation applied; empty when the file is missing or ImageIO
   * cannot decode it.
   */
  public static Optional<BufferedImage> decode(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      BufferedImage stored = ImageIO.read(file.toFile());
      if (stored == null) {
        return Optional.empty();
      }
      return Optional.of(apply(stored, read(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The displayed image of stored pixels with this orientation; the same image for 1. */
  public static BufferedImage apply(BufferedImage stored, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return stored;
    }
    int sw = stored.getWidth();
    int sh = stored.getHeight();
    int dw = swapsSides(orientation) ? sh : sw;
    int dh = swapsSides(orientation) ? sw : sh;
    int type =
        stored.getColorModel().hasAlpha()
            ? BufferedImage.TYPE_INT_ARGB
            : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(dw, dh, type);
    int[] src = new int[2];
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        toSource(x, y, dw, dh, orientation, src);
        out.setRGB(x, y, stored.getRGB(src[0], src[1]));
      }
    }
    return out;
  }

  /** The stored pixel shown at display pixel (x, y), for orientations 1-8. */
  static void toSource(int x, int y, int dw, int dh, int orientation, int[] out) {
    int sx;
    int sy;
    switch (orientation) {
      case 2 -> {
        sx = dw - 1 - x;
        sy = y;
      }
      case 3 -> {
        sx = dw - 1 - x;
        sy = dh - 1 - y;
      }
      case 4 -> {
        sx = x;
        sy = dh - 1 - y;
      }
      case 5 -> {
        sx = y;
        sy = x;
      }
      case 6 -> {
        sx = y;
        sy = dw - 1 - x;
      }
      case 7 -> {
        sx = dh - 1 - y;
        sy = dw - 1 - x;
      }
      case 8 -> {
        sx = dh - 1 - y;
        sy = x;
      }
      default -> {
        sx = x;
        sy = y;
      }
    }
    out[0] = sx;
    out[1] = sy;
  }
}
