package dev.lorakit.runpod.training;

import dev.lorakit.core.dataset.ExifOrientation;
import dev.lorakit.core.dataset.PerceptualHash;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The two numbers the sample rules compare: the perceptual hash ({@link PerceptualHash}, the
 * dataset scanner's dHash) and the mean HSV saturation (0-1) of an image.
 *
 * <pre>{@code
 * Optional<ImageStats> s = ImageStats.read(Path.of("samples/1700000000__000000250_0.jpg"), 250);
 * }</pre>
 */
@Value.Immutable
public abstract class ImageStats {
  /** File name, dataset- or sample-folder-relative. */
  public abstract String name();

  /** The trainer step a sample was made at; 0 for a training image. */
  public abstract int step();

  public abstract long dHash();

  public abstract double saturation();

  public static ImmutableImageStats.Builder builder() {
    return ImmutableImageStats.builder();
  }

  /**
   * Stats of an image file as displayed (EXIF orientation applied, as the trainer and the dataset
   * scanner's hash see it); empty when ImageIO cannot decode it.
   */
  public static Optional<ImageStats> read(Path file, int step) throws IOException {
    if (!java.nio.file.Files.isReadable(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    return ExifOrientation.decode(file)
        .map(image -> of(file.getFileName().toString(), step, image));
  }

  public static ImageStats of(String name, int step, BufferedImage image) {
    return builder()
        .name(name)
        .step(step)
        .dHash(PerceptualHash.dHash(image))
        .saturation(saturation(image))
        .build();
  }

  /** Mean HSV saturation over a grid of at most 64x64 sample points. */
  static double saturation(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int nx = Math.min(64, w);
    int ny = Math.min(64, h);
    double sum = 0;
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        int rgb = image.getRGB(i * w / nx, j * h / ny);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        sum += max == 0 ? 0 : (max - min) / (double) max;
      }
    }
    return sum / (nx * ny);
  }
}
