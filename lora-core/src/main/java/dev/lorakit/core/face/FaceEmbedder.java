package dev.lorakit.core.face;

import java.awt.image.BufferedImage;

/**
 * Turns a detected face into an identity vector: aligns the five landmarks to the embedder's
 * template, then runs the model. lora-vision implements it for SFace and ArcFace ONNX models.
 *
 * <pre>{@code
 * FaceEmbedding e = embedder.embed(image, face);
 * boolean same = e.cosine(other) >= embedder.sameIdentityThreshold();
 * }</pre>
 */
public interface FaceEmbedder extends AutoCloseable {

  FaceEmbedding embed(BufferedImage image, Face face);

  /** Side of the aligned square the model reads (112 for SFace and ArcFace). */
  int inputSize();

  /** Pairwise cosine at or above which the model's authors call two faces the same person. */
  double sameIdentityThreshold();

  /** Name of the embedder family, such as {@code sface} or {@code arcface}. */
  String family();

  @Override
  default void close() {}
}
