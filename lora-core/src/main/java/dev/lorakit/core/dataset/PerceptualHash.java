package dev.lorakit.core.dataset;

import java.awt.image.BufferedImage;

/**
 * The difference hash (dHash): the picture shrunk to 9x8 grey cells, one bit per pair of horizontal
 * neighbours. Robust to rescaling and recompression; a Hamming distance of a few bits means a
 * near-identical picture. Public so that other modules compare pictures the same way (lora-runpod
 * compares a trainer's samples with the training images).
 *
 * <pre>{@code
 * long a = PerceptualHash.dHash(ImageIO.read(sample));
 * boolean memorised = PerceptualHash.distance(a, PerceptualHash.dHash(ImageIO.read(img))) <= 4;
 * }</pre>
 */
public final class PerceptualHash {
  private static final int COLS = 9;
  private static final int ROWS = 8;
  private static final int SAMPLES = 6;

  private PerceptualHash() {}

  /** The hash of an image as displayed: EXIF orientation is applied before hashing. */
  public static long dHash(BufferedImage image, int orientation) {
    double[][] grey = new double[ROWS][COLS];
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5 && orientation <= 8;
    int dw = swap ? h : w;
    int dh = swap ? w : h;
    for (int row = 0; row < ROWS; row++) {
      for (int col = 0; col < COLS; col++) {
        double sum = 0;
        for (int sy = 0; sy < SAMPLES; sy++) {
          for (int sx = 0; sx < SAMPLES; sx++) {
            // Sample points spread over the cell, in display coordinates.
            double dx = (col + (sx + 0.5) / SAMPLES) * dw / COLS;
            double dy = (row + (sy + 0.5) / SAMPLES) * dh / ROWS;
            int[] src = toSource((int) dx, (int) dy, dw, dh, orientation);
            int rgb = image.getRGB(clamp(src[0], w), clamp(src[1], h));
            sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
          }
        }
        grey[row][col] = sum;
      }
    }
    long bits = 0;
    for (int row = 0; row < ROWS; row++) {
      for (int col = 0; col < COLS - 1; col++) {
        bits <<= 1;
        if (grey[row][col] < grey[row][col + 1]) {
          bits |= 1;
        }
      }
    }
    return bits;
  }

  /** Maps a display pixel back to the stored pixel for EXIF orientations 1-8. */
  private static int[] toSource(int x, int y, int dw, int dh, int orientation) {
    int[] out = new int[2];
    ExifOrientation.toSource(x, y, dw, dh, orientation, out);
    return out;
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size - 1, v));
  }

  /** The hash of an image without EXIF orientation (orientation 1). */
  public static long dHash(BufferedImage image) {
    return dHash(image, 1);
  }

  /** Hamming distance between two hashes: 0 identical, 64 opposite. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
