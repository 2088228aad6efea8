package dev.lorakit.core.plan;

import org.immutables.value.Value;

/** Width and height of an image as the trainer sees it (EXIF orientation applied). */
@Value.Immutable
public abstract class ImageSize {
  @Value.Parameter
  public abstract int width();

  @Value.Parameter
  public abstract int height();

  public static ImageSize of(int width, int height) {
    return ImmutableImageSize.of(width, height);
  }

  /**
   * The bucket ai-toolkit puts this image in for one {@code resolution} entry: the pixel budget is
   * {@code min(area, resolution^2)} with the aspect ratio kept (never upscaled), and both sides are
   * rounded down to multiples of {@code divisibility} (32 for Qwen).
   */
  public ImageSize bucket(int resolution, int divisibility) {
    double area = (double) width() * height();
    double budget = Math.min(area, (double) resolution * resolution);
    double scale = area <= 0 ? 0 : Math.sqrt(budget / area);
    int w = (int) Math.floor(width() * scale / divisibility) * divisibility;
    int h = (int) Math.floor(height() * scale / divisibility) * divisibility;
    return of(Math.max(divisibility, w), Math.max(divisibility, h));
  }

  @Override
  public String toString() {
    return width() + "x" + height();
  }
}
