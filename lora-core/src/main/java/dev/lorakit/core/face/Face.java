package dev.lorakit.core.face;

import java.util.List;
import org.immutables.value.Value;

/**
 * One detected face in image pixels: its box, the detector's score and five landmarks in the order
 * both YuNet and SCRFD give them (the eye, eye, nose tip, mouth corner, mouth corner, left to right
 * as seen in the image), which is the order of the alignment template.
 *
 * <pre>{@code
 * Face face = detector.detect(image).get(0);
 * double side = face.shortSide();
 * }</pre>
 */
@Value.Immutable
public abstract class Face {
  public abstract double x();

  public abstract double y();

  public abstract double width();

  public abstract double height();

  public abstract double score();

  /** Five landmarks, or none when the detector gives none. */
  public abstract List<FacePoint> landmarks();

  public static ImmutableFace.Builder builder() {
    return ImmutableFace.builder();
  }

  public double shortSide() {
    return Math.min(width(), height());
  }

  public double area() {
    return Math.max(0, width()) * Math.max(0, height());
  }

  /** Intersection over union of two boxes. */
  public double iou(Face other) {
    double x1 = Math.max(x(), other.x());
    double y1 = Math.max(y(), other.y());
    double x2 = Math.min(x() + width(), other.x() + other.width());
    double y2 = Math.min(y() + height(), other.y() + other.height());
    double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    double union = area() + other.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
