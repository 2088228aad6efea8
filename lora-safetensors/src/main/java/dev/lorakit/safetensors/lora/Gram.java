package dev.lorakit.safetensors.lora;

/** The r x r Gram matrix of the rows of a row-major r x n float matrix, in double precision. */
final class Gram {

  private Gram() {}

  /**
   * Fills {@code g} (r x r, row-major, both triangles) with {@code g[i][k] = sum_j m[i][j] *
   * m[k][j]}. Works on 4 x 4 tiles of row pairs so each loaded value feeds four products.
   */
  static void rows(float[] m, int r, int n, double[] g) {
    for (int i0 = 0; i0 < r; i0 += 4) {
      for (int k0 = i0; k0 < r; k0 += 4) {
        if (i0 + 4 <= r && k0 + 4 <= r) {
          tile4(m, n, i0, k0, r, g);
        } else {
          for (int i = i0; i < Math.min(i0 + 4, r); i++) {
            for (int k = Math.max(k0, i); k < Math.min(k0 + 4, r); k++) {
              g[i * r + k] = dot(m, i * n, k * n, n);
            }
          }
        }
      }
    }
    for (int i = 0; i < r; i++) {
      for (int k = 0; k < i; k++) {
        g[i * r + k] = g[k * r + i];
      }
    }
  }

  private static double dot(float[] m, int a, int b, int n) {
    double s0 = 0;
    double s1 = 0;
    int j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += (double) m[a + j] * m[b + j];
      s1 += (double) m[a + j + 1] * m[b + j + 1];
    }
    if (j < n) {
      s0 += (double) m[a + j] * m[b + j];
    }
    return s0 + s1;
  }

  private static void tile4(float[] m, int n, int i0, int k0, int r, double[] g) {
    int a0 = i0 * n;
    int a1 = a0 + n;
    int a2 = a1 + n;
    int a3 = a2 + n;
    int b0 = k0 * n;
    int b1 = b0 + n;
    int b2 = b1 + n;
    int b3 = b2 + n;
    double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
    double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
    double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (int j = 0; j < n; j++) {
      double x0 = m[a0 + j];
      double x1 = m[a1 + j];
      double x2 = m[a2 + j];
      double x3 = m[a3 + j];
      double y0 = m[b0 + j];
      double y1 = m[b1 + j];
      double y2 = m[b2 + j];
      double y3 = m[b3 + j];
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
      s20 += x2 * y0;
      s21 += x2 * y1;
      s22 += x2 * y2;
      s23 += x2 * y3;
      s30 += x3 * y0;
      s31 += x3 * y1;
      s32 += x3 * y2;
      s33 += x3 * y3;
    }
    put(g, r, i0, k0, 0, s00, s01, s02, s03);
    put(g, r, i0, k0, 1, s10, s11, s12, s13);
    put(g, r, i0, k0, 2, s20, s21, s22, s23);
    put(g, r, i0, k0, 3, s30, s31, s32, s33);
  }

  private static void put(
      double[] g, int r, int i0, int k0, int di, double c0, double c1, double c2, double c3) {
    int row = (i0 + di) * r + k0;
    g[row] = c0;
    g[row + 1] = c1;
    g[row + 2] = c2;
    g[row + 3] = c3;
  }
}
