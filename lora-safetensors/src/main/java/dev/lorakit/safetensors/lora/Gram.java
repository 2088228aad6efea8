package dev.lorakit.safetensors.lora;

/**
 * The r x r Gram matrix {@code g[i][k] = sum_j m(i, j) * m(k, j)} of an r x n matrix held in a
 * double array with arbitrary strides, so that both A (r x in, row-major) and the transpose of B (B
 * is out x r, row-major) are read in place.
 */
final class Gram {

  private Gram() {}

  /**
   * Adds the Gram of this r x n block to the upper triangle of {@code g} (r x r, row-major; the
   * lower triangle is left alone). Element (i, j) is {@code m[i * rowStride + j * colStride]}.
   * Works on 4 x 4 tiles so each loaded value feeds four fused multiply-adds; callers pass blocks
   * small enough to stay in the L1 cache across the tiles.
   */
  static void accumulate(double[] m, int r, int n, int rowStride, int colStride, double[] g) {
    for (int i0 = 0; i0 < r; i0 += 4) {
      for (int k0 = i0; k0 < r; k0 += 4) {
        if (i0 + 4 <= r && k0 + 4 <= r) {
          tile4(m, n, i0, k0, rowStride, colStride, r, g);
        } else {
          for (int i = i0; i < Math.min(i0 + 4, r); i++) {
            for (int k = Math.max(k0, i); k < Math.min(k0 + 4, r); k++) {
              double s = 0;
              for (int j = 0; j < n; j++) {
                s = Math.fma(m[i * rowStride + j * colStride], m[k * rowStride + j * colStride], s);
              }
              g[i * r + k] += s;
            }
          }
        }
      }
    }
  }

  private static void tile4(double[] m, int n, int i0, int k0, int rs, int cs, int r, double[] g) {
    int a0 = i0 * rs;
    int a1 = a0 + rs;
    int a2 = a1 + rs;
    int a3 = a2 + rs;
    int b0 = k0 * rs;
    int b1 = b0 + rs;
    int b2 = b1 + rs;
    int b3 = b2 + rs;
    double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
    double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
    double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (int j = 0, o = 0; j < n; j++, o += cs) {
      double x0 = m[a0 + o];
      double x1 = m[a1 + o];
      double x2 = m[a2 + o];
      double x3 = m[a3 + o];
      double y0 = m[b0 + o];
      double y1 = m[b1 + o];
      double y2 = m[b2 + o];
      double y3 = m[b3 + o];
      s00 = Math.fma(x0, y0, s00);
      s01 = Math.fma(x0, y1, s01);
      s02 = Math.fma(x0, y2, s02);
      s03 = Math.fma(x0, y3, s03);
      s10 = Math.fma(x1, y0, s10);
      s11 = Math.fma(x1, y1, s11);
      s12 = Math.fma(x1, y2, s12);
      s13 = Math.fma(x1, y3, s13);
      s20 = Math.fma(x2, y0, s20);
      s21 = Math.fma(x2, y1, s21);
      s22 = Math.fma(x2, y2, s22);
      s23 = Math.fma(x2, y3, s23);
      s30 = Math.fma(x3, y0, s30);
      s31 = Math.fma(x3, y1, s31);
      s32 = Math.fma(x3, y2, s32);
      s33 = Math.fma(x3, y3, s33);
    }
    put(g, r, i0, k0, 0, s00, s01, s02, s03);
    put(g, r, i0, k0, 1, s10, s11, s12, s13);
    put(g, r, i0, k0, 2, s20, s21, s22, s23);
    put(g, r, i0, k0, 3, s30, s31, s32, s33);
  }

  private static void put(
      double[] g, int r, int i0, int k0, int di, double c0, double c1, double c2, double c3) {
    int row = (i0 + di) * r + k0;
    g[row] += c0;
    g[row + 1] += c1;
    g[row + 2] += c2;
    g[row + 3] += c3;
  }
}
