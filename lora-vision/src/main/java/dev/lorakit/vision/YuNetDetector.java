package dev.lorakit.vision;

import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FacePoint;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenCV Zoo YuNet (2023mar), decoded as OpenCV's {@code FaceDetectorYN} does ({@code
 * modules/objdetect/src/face_detect.cpp}): BGR 0-255 NCHW, zero padding to a multiple of 32 on the
 * right and bottom, per stride 8/16/32 a score {@code sqrt(clamp(cls) * clamp(obj))}, box centre
 * {@code (col + dx) * stride}, size {@code exp(dw) * stride}, landmarks {@code (col + kx) *
 * stride}; NMS 0.3, score threshold 0.9 (its defaults).
 */
final class YuNetDetector implements FaceDetector {
  static final double SCORE_THRESHOLD = 0.9;
  static final double NMS_THRESHOLD = 0.3;
  private static final int[] STRIDES = {8, 16, 32};
  private static final int DEFAULT_SIDE = 640;

  private final OnnxModel model;

  YuNetDetector(OnnxModel model) {
    this.model = model;
  }

  @Override
  public String family() {
    return "yunet";
  }

  @Override
  public List<Face> detect(BufferedImage image) {
    Pixels src = Pixels.of(image, 0);
    int fixedH = model.inputDim(2, -1);
    int fixedW = model.inputDim(3, -1);
    int padW;
    int padH;
    double scale;
    if (fixedH > 0 && fixedW > 0) {
      padW = fixedW;
      padH = fixedH;
      scale = Math.min((double) fixedW / src.width, (double) fixedH / src.height);
    } else {
      scale = Math.min(1.0, (double) DEFAULT_SIDE / Math.max(src.width, src.height));
      int w = Math.max(1, (int) Math.round(src.width * scale));
      int h = Math.max(1, (int) Math.round(src.height * scale));
      padW = ((w - 1) / 32 + 1) * 32;
      padH = ((h - 1) / 32 + 1) * 32;
    }
    Pixels p = src.letterbox(padW, padH, scale);
    float[] blob = new float[3 * padW * padH];
    int plane = padW * padH;
    for (int i = 0; i < plane; i++) {
      int rgb = p.rgb[i];
      blob[i] = rgb & 0xff;
      blob[plane + i] = (rgb >> 8) & 0xff;
      blob[2 * plane + i] = (rgb >> 16) & 0xff;
    }
    Map<String, float[]> out = model.run(blob, new long[] {1, 3, padH, padW});
    List<Face> faces = new ArrayList<>();
    for (int stride : STRIDES) {
      int cols = padW / stride;
      int rows = padH / stride;
      float[] cls = out.get("cls_" + stride);
      float[] obj = out.get("obj_" + stride);
      float[] bbox = out.get("bbox_" + stride);
      float[] kps = out.get("kps_" + stride);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int idx = r * cols + c;
          if (idx >= cls.length || idx >= obj.length) {
            continue;
          }
          double score =
              Math.sqrt(Math.max(0, Math.min(1, cls[idx])) * Math.max(0, Math.min(1, obj[idx])));
          if (score < SCORE_THRESHOLD) {
            continue;
          }
          double cx = (c + bbox[idx * 4]) * stride;
          double cy = (r + bbox[idx * 4 + 1]) * stride;
          double w = Math.exp(bbox[idx * 4 + 2]) * stride;
          double h = Math.exp(bbox[idx * 4 + 3]) * stride;
          List<FacePoint> points = new ArrayList<>();
          for (int n = 0; n < 5; n++) {
            points.add(
                FacePoint.of(
                    (kps[idx * 10 + 2 * n] + c) * stride / scale,
                    (kps[idx * 10 + 2 * n + 1] + r) * stride / scale));
          }
          faces.add(
              Face.builder()
                  .x((cx - w / 2) / scale)
                  .y((cy - h / 2) / scale)
                  .width(w / scale)
                  .height(h / scale)
                  .score(score)
                  .landmarks(points)
                  .build());
        }
      }
    }
    return Detections.nms(faces, NMS_THRESHOLD);
  }

  @Override
  public void close() {
    model.close();
  }
}
