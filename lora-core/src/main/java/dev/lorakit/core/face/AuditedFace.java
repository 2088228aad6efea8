package dev.lorakit.core.face;

import org.immutables.value.Value;

/** One face of a dataset image with its identity vector. */
@Value.Immutable
public abstract class AuditedFace {
  @Value.Parameter
  public abstract Face face();

  @Value.Parameter
  public abstract FaceEmbedding embedding();

  public static AuditedFace of(Face face, FaceEmbedding embedding) {
    return ImmutableAuditedFace.of(face, embedding);
  }
}
