package dev.lorakit.core.face;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * An L2-normalised identity vector; two faces are the same person when their cosine is high.
 *
 * <pre>{@code
 * FaceEmbedding a = FaceEmbedding.of(new float[] {1, 0});
 * a.cosine(FaceEmbedding.of(new float[] {1, 1})); // 0.7071...
 * }</pre>
 */
public final class FaceEmbedding {
  private final float[] values;

  private FaceEmbedding(float[] values) {
    this.values = values;
  }

  /** Normalises {@code raw} to unit length; an all-zero vector stays zero (cosine 0 with all). */
  public static FaceEmbedding of(float[] raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.length == 0) {
      throw new IllegalArgumentException("an embedding has at least one dimension");
    }
    double sum = 0;
    for (float v : raw) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    float[] out = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = norm == 0 || !Double.isFinite(norm) ? 0f : (float) (raw[i] / norm);
    }
    return new FaceEmbedding(out);
  }

  /** The normalised mean of several embeddings of the same dimension. */
  public static FaceEmbedding centroid(Collection<FaceEmbedding> embeddings) {
    if (embeddings.isEmpty()) {
      throw new IllegalArgumentException("a centroid needs at least one embedding");
    }
    int n = embeddings.iterator().next().dimension();
    float[] sum = new float[n];
    for (FaceEmbedding e : embeddings) {
      e.requireDimension(n);
      for (int i = 0; i < n; i++) {
        sum[i] += e.values[i];
      }
    }
    return of(sum);
  }

  public int dimension() {
    return values.length;
  }

  /** A copy of the unit vector. */
  public float[] values() {
    return values.clone();
  }

  /** Cosine similarity in [-1, 1]. */
  public double cosine(FaceEmbedding other) {
    other.requireDimension(values.length);
    double dot = 0;
    for (int i = 0; i < values.length; i++) {
      dot += (double) values[i] * other.values[i];
    }
    return dot;
  }

  private void requireDimension(int n) {
    if (values.length != n) {
      throw new IllegalArgumentException(
          "embeddings of " + values.length + " and " + n + " dimensions cannot be compared");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceEmbedding e && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FaceEmbedding[" + values.length + "]";
  }
}
