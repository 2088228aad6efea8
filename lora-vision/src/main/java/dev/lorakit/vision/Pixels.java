package dev.lorakit.vision;

import java.awt.image.BufferedImage;

/**
 * An image as packed 0xRRGGBB ints with alpha composited onto a background, and the resampling the
 * models' own preprocessing uses.
 */
final class Pixels {
  final int width;
  final int height;
  final int[] rgb;

  Pixels(int width, int height, int[] rgb) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /** The image's pixels, transparent parts composited onto {@code background} (0xRRGGBB). */
  static Pixels of(BufferedImage image, int background) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int br = (background >> 16) & 0xff;
    int bg = (background >> 8) & 0xff;
    int bb = background & 0xff;
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int a = (p >>> 24) & 0xff;
      if (a == 255) {
        argb[i] = p & 0xffffff;
        continue;
      }
      int r = ((p >> 16) & 0xff) * a + br * (255 - a);
      int g = ((p >> 8) & 0xff) * a + bg * (255 - a);
      int b = (p & 0xff) * a + bb * (255 - a);
      argb[i] = ((r + 127) / 255) << 16 | ((g + 127) / 255) << 8 | ((b + 127) / 255);
    }
    return new Pixels(w, h, argb);
  }

  int at(int x, int y) {
    return rgb[y * width + x];
  }

  /** This image centred on a square canvas of {@code background}, as the WD14 taggers pad it. */
  Pixels padSquare(int background) {
    int side = Math.max(width, height);
    int[] out = new int[side * side];
    java.util.Arrays.fill(out, background);
    int ox = (side - width) / 2;
    int oy = (side - height) / 2;
    for (int y = 0; y < height; y++) {
      System.arraycopy(rgb, y * width, out, (y + oy) * side + ox, width);
    }
    return new Pixels(side, side, out);
  }

  /**
   * Resized to {@code w x h}: area averaging when shrinking (each output pixel is the mean of the
   * source area it covers, OpenCV's INTER_AREA), bilinear when enlarging.
   */
  Pixels resize(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    if (w <= width && h <= height) {
      return area(w, h);
    }
    return bilinear(w, h);
  }

  private Pixels area(int w, int h) {
    int[] out = new int[w * h];
    double sx = (double) width / w;
    double sy = (double) height / h;
    for (int oy = 0; oy < h; oy++) {
      double y0 = oy * sy;
      double y1 = y0 + sy;
      for (int ox = 0; ox < w; ox++) {
        double x0 = ox * sx;
        double x1 = x0 + sx;
        double r = 0;
        double g = 0;
        double b = 0;
        double total = 0;
        for (int y = (int) y0; y < Math.min(height, (int) Math.ceil(y1)); y++) {
          double wy = Math.min(y + 1, y1) - Math.max(y, y0);
          for (int x = (int) x0; x < Math.min(width, (int) Math.ceil(x1)); x++) {
            double wx = Math.min(x + 1, x1) - Math.max(x, x0);
            double a = wx * wy;
            int p = rgb[y * width + x];
            r += a * ((p >> 16) & 0xff);
            g += a * ((p >> 8) & 0xff);
            b += a * (p & 0xff);
            total += a;
          }
        }
        out[oy * w + ox] = clamp(r / total) << 16 | clamp(g / total) << 8 | clamp(b / total);
      }
    }
    return new Pixels(w, h, out);
  }

  private Pixels bilinear(int w, int h) {
    int[] out = new int[w * h];
    double sx = (double) width / w;
    double sy = (double) height / h;
    for (int oy = 0; oy < h; oy++) {
      for (int ox = 0; ox < w; ox++) {
        out[oy * w + ox] = sample((ox + 0.5) * sx - 0.5, (oy + 0.5) * sy - 0.5, 0, true);
      }
    }
    return new Pixels(w, h, out);
  }

  /**
   * The bilinear sample at {@code (x, y)}; outside the image it is {@code border} (when {@code
   * replicate} is false) or the nearest edge pixel.
   */
  int sample(double x, double y, int border, boolean replicate) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    int p00 = pixel(x0, y0, border, replicate);
    int p10 = pixel(x0 + 1, y0, border, replicate);
    int p01 = pixel(x0, y0 + 1, border, replicate);
    int p11 = pixel(x0 + 1, y0 + 1, border, replicate);
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double top = ((p00 >> shift) & 0xff) * (1 - fx) + ((p10 >> shift) & 0xff) * fx;
      double bottom = ((p01 >> shift) & 0xff) * (1 - fx) + ((p11 >> shift) & 0xff) * fx;
      out |= clamp(top * (1 - fy) + bottom * fy) << shift;
    }
    return out;
  }

  private int pixel(int x, int y, int border, boolean replicate) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      if (!replicate) {
        return border;
      }
      x = Math.max(0, Math.min(width - 1, x));
      y = Math.max(0, Math.min(height - 1, y));
    }
    return rgb[y * width + x];
  }

  /** This image scaled by {@code scale} and placed top-left on a {@code w x h} black canvas. */
  Pixels letterbox(int w, int h, double scale) {
    int nw = Math.max(1, Math.min(w, (int) Math.round(width * scale)));
    int nh = Math.max(1, Math.min(h, (int) Math.round(height * scale)));
    Pixels scaled = resize(nw, nh);
    int[] out = new int[w * h];
    for (int y = 0; y < nh; y++) {
      System.arraycopy(scaled.rgb, y * nw, out, y * w, nw);
    }
    return new Pixels(w, h, out);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
