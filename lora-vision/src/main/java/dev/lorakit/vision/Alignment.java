package dev.lorakit.vision;

import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FacePoint;
import java.util.List;

/**
 * The five-point face alignment both SFace and ArcFace are trained on: a least-squares similarity
 * transform (rotation, uniform scale, translation; Umeyama without reflection) from the detected
 * landmarks to the 112×112 ArcFace template, then a bilinear warp with black borders (OpenCV {@code
 * FaceRecognizerSF::alignCrop}, insightface {@code utils/face_align.py norm_crop}).
 */
final class Alignment {
  /** insightface {@code arcface_dst}, also OpenCV's SFace template, for a 112×112 crop. */
  static final double[][] TEMPLATE = {
    {38.2946, 51.6963},
    {73.5318, 51.5014},
    {56.0252, 71.7366},
    {41.5493, 92.3655},
    {70.7299, 92.2041}
  };

  /** Row-major 2×3 matrix mapping source pixels to crop pixels. */
  final double[] m;

  private Alignment(double[] m) {
    this.m = m;
  }

  /** The transform for {@code face}'s landmarks to a crop of side {@code size}. */
  static Alignment of(Face face, int size) {
    List<FacePoint> pts = face.landmarks();
    double k = size / 112.0;
    double[][] src = new double[5][2];
    double[][] dst = new double[5][2];
    if (pts.size() == 5) {
      for (int i = 0; i < 5; i++) {
        src[i][0] = pts.get(i).x();
        src[i][1] = pts.get(i).y();
      }
    } else {
      // Without landmarks, map the box onto the template's own box (a plain resize).
      for (int i = 0; i < 5; i++) {
        src[i][0] = face.x() + TEMPLATE[i][0] / 112.0 * face.width();
        src[i][1] = face.y() + TEMPLATE[i][1] / 112.0 * face.height();
      }
    }
    for (int i = 0; i < 5; i++) {
      dst[i][0] = TEMPLATE[i][0] * k;
      dst[i][1] = TEMPLATE[i][1] * k;
    }
    return estimate(src, dst);
  }

  /** Least-squares similarity from {@code src} to {@code dst} points. */
  static Alignment estimate(double[][] src, double[][] dst) {
    int n = src.length;
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < n; i++) {
      sx += src[i][0];
      sy += src[i][1];
      dx += dst[i][0];
      dy += dst[i][1];
    }
    sx /= n;
    sy /= n;
    dx /= n;
    dy /= n;
    double num1 = 0;
    double num2 = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      double xs = src[i][0] - sx;
      double ys = src[i][1] - sy;
      double xd = dst[i][0] - dx;
      double yd = dst[i][1] - dy;
      num1 += xs * xd + ys * yd;
      num2 += xs * yd - ys * xd;
      den += xs * xs + ys * ys;
    }
    double a = den == 0 ? 1 : num1 / den;
    double b = den == 0 ? 0 : num2 / den;
    double tx = dx - (a * sx - b * sy);
    double ty = dy - (b * sx + a * sy);
    return new Alignment(new double[] {a, -b, tx, b, a, ty});
  }

  /** Maps a source point to crop coordinates. */
  double[] apply(double x, double y) {
    return new double[] {m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]};
  }

  /** The aligned {@code size}×{@code size} crop (OpenCV warpAffine, INTER_LINEAR, black border). */
  Pixels warp(Pixels src, int size) {
    double det = m[0] * m[4] - m[1] * m[3];
    double i00 = m[4] / det;
    double i01 = -m[1] / det;
    double i10 = -m[3] / det;
    double i11 = m[0] / det;
    double i02 = -(i00 * m[2] + i01 * m[5]);
    double i12 = -(i10 * m[2] + i11 * m[5]);
    int[] out = new int[size * size];
    for (int v = 0; v < size; v++) {
      for (int u = 0; u < size; u++) {
        double x = i00 * u + i01 * v + i02;
        double y = i10 * u + i11 * v + i12;
        out[v * size + u] = src.sample(x, y, 0, false);
      }
    }
    return new Pixels(size, size, out);
  }
}
