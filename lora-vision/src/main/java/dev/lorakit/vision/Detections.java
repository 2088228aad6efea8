package dev.lorakit.vision;

import dev.lorakit.core.face.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression, as OpenCV's NMSBoxes and insightface's nms do it. */
final class Detections {
  private Detections() {}

  static List<Face> nms(List<Face> faces, double iouThreshold) {
    List<Face> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparingDouble(Face::score).reversed());
    List<Face> kept = new ArrayList<>();
    for (Face f : sorted) {
      boolean overlaps = false;
      for (Face k : kept) {
        if (k.iou(f) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(f);
      }
    }
    return kept;
  }
}
