package dev.lorakit.vision;

import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.face.FaceEmbedding;
import java.awt.image.BufferedImage;

/**
 * SFace or ArcFace: align five landmarks to the 112×112 template, then one NCHW RGB tensor. SFace
 * reads raw 0-255 (OpenCV {@code FaceRecognizerSF::feature}: {@code blobFromImage(img, 1, 112x112,
 * 0, swapRB)}); ArcFace reads {@code (x - 127.5) / 127.5} (insightface {@code arcface_onnx.py}).
 */
final class OnnxFaceEmbedder implements FaceEmbedder {
  enum Family {
    /**
     * Same person at cosine 0.363 or more: opencv_zoo {@code
     * models/face_recognition_sface/sface.py} {@code _threshold_cosine}.
     */
    SFACE("sface", 0.0, 1.0, 0.363),
    /**
     * "~0.5+ same face" for ArcFace (landscape-2026.md §3.3); insightface itself publishes no
     * single threshold.
     */
    ARCFACE("arcface", 127.5, 127.5, 0.5);

    final String id;
    final double mean;
    final double std;
    final double threshold;

    Family(String id, double mean, double std, double threshold) {
      this.id = id;
      this.mean = mean;
      this.std = std;
      this.threshold = threshold;
    }
  }

  private final OnnxModel model;
  private final Family family;
  private final int size;

  OnnxFaceEmbedder(OnnxModel model, Family family) {
    this.model = model;
    this.family = family;
    int h = model.inputDim(2, 112);
    int w = model.inputDim(3, 112);
    if (model.inputShape.length != 4 || h != w) {
      throw new ModelFileException(
          model.file
              + " input is "
              + java.util.Arrays.toString(model.inputShape)
              + ", a face embedder takes [N, 3, 112, 112]",
          FaceModels.EMBEDDER_WHERE);
    }
    this.size = h;
  }

  @Override
  public FaceEmbedding embed(BufferedImage image, Face face) {
    Pixels crop = Alignment.of(face, size).warp(Pixels.of(image, 0), size);
    return embedAligned(crop);
  }

  FaceEmbedding embedAligned(Pixels crop) {
    int plane = size * size;
    float[] blob = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int rgb = crop.rgb[i];
      blob[i] = (float) ((((rgb >> 16) & 0xff) - family.mean) / family.std);
      blob[plane + i] = (float) ((((rgb >> 8) & 0xff) - family.mean) / family.std);
      blob[2 * plane + i] = (float) (((rgb & 0xff) - family.mean) / family.std);
    }
    float[] out = model.run(blob, new long[] {1, 3, size, size}).values().iterator().next();
    return FaceEmbedding.of(out);
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public double sameIdentityThreshold() {
    return family.threshold;
  }

  @Override
  public String family() {
    return family.id;
  }

  @Override
  public void close() {
    model.close();
  }
}
