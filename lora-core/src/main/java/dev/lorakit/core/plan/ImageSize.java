package dev.lorakit.core.plan;

import dev.lorakit.core.training.TrainerVersion;
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
   * The bucket ai-toolkit 0.12.26 puts this image in for one {@code resolution} entry ({@code
   * toolkit/buckets.py} {@code get_bucket_for_image_size} l.17-50 at 27a03a91): the target area is
   * {@code min(area, resolution^2)}, both sides are scaled by {@code sqrt(target / area)}, and of
   * the four floor/ceil multiples of {@code divisibility} (32 for Qwen) whose area is at most
   * {@code resolution^2}, the one nearest the target area wins (the first on a tie). 1000x700 at
   * 1024 is 992x704.
   */
  public ImageSize bucket(int resolution, int divisibility) {
    long total = (long) width() * height();
    long max = (long) resolution * resolution;
    double target = Math.min(total, max);
    double scaler = Math.pow(target / total, 0.5);
    double wRaw = width() * scaler / divisibility;
    double hRaw = height() * scaler / divisibility;
    long wf = (long) Math.floor(wRaw) * divisibility;
    long wc = (long) Math.ceil(wRaw) * divisibility;
    long hf = (long) Math.floor(hRaw) * divisibility;
    long hc = (long) Math.ceil(hRaw) * divisibility;
    long[][] candidates = {{wf, hf}, {wf, hc}, {wc, hf}, {wc, hc}};
    long[] best = null;
    double bestDistance = Double.MAX_VALUE;
    for (long[] c : candidates) {
      if (c[0] > 0 && c[1] > 0 && c[0] * c[1] <= max) {
        double distance = Math.abs(c[0] * c[1] - target);
        if (distance < bestDistance) {
          best = c;
          bestDistance = distance;
        }
      }
    }
    if (best == null) {
      return of((int) Math.max(divisibility, wf), (int) Math.max(divisibility, hf));
    }
    return of((int) best[0], (int) best[1]);
  }

  /**
   * The bucket of an ai-toolkit build before 2026-05-28 ({@code toolkit/buckets.py} at 15082cfb^):
   * both sides scaled by {@code target / area} (not its square root) and floored to multiples of
   * {@code divisibility}; a side can reach 0.
   */
  public ImageSize bucketBefore20260528(int resolution, int divisibility) {
    double total = (double) width() * height();
    double target = Math.min(total, (double) resolution * resolution);
    double scaler = target / total;
    int w = (int) (Math.floor(width() * scaler / divisibility) * divisibility);
    int h = (int) (Math.floor(height() * scaler / divisibility) * divisibility);
    return of(w, h);
  }

  /** The bucket of the given trainer build. */
  public ImageSize bucket(int resolution, int divisibility, TrainerVersion trainer) {
    return trainer.nearestAreaBuckets()
        ? bucket(resolution, divisibility)
        : bucketBefore20260528(resolution, divisibility);
  }

  @Override
  public String toString() {
    return width() + "x" + height();
  }
}
