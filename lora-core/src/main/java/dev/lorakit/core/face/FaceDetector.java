package dev.lorakit.core.face;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces with five landmarks. lora-vision implements it for YuNet and SCRFD ONNX models.
 *
 * <pre>{@code
 * try (FaceDetector detector = FaceModels.detector(Path.of("yunet.onnx"))) {
 *   List<Face> faces = detector.detect(ImageIO.read(file));
 * }
 * }</pre>
 */
public interface FaceDetector extends AutoCloseable {

  /** Faces above the detector's score threshold after non-maximum suppression, best first. */
  List<Face> detect(BufferedImage image);

  /** Name of the detector family, such as {@code yunet} or {@code scrfd}. */
  String family();

  @Override
  default void close() {}
}
