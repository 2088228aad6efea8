package dev.lorakit.vision;

import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FacePoint;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * insightface SCRFD with key points ({@code det_10g.onnx}), decoded as {@code
 * python-package/insightface/model_zoo/scrfd.py} does: the image resized to fit the input keeping
 * its aspect ratio, placed top-left on zeros, RGB, {@code (x - 127.5) / 128}, NCHW; outputs in
 * session order are scores, box distances and key-point distances for strides 8/16/32 with 2
 * anchors per cell; box = centre ± distance × stride; score threshold 0.5, NMS 0.4.
 */
final class ScrfdDetector implements FaceDetector {
  static final double SCORE_THRESHOLD = 0.5;
  static final double NMS_THRESHOLD = 0.4;
  private static final int[] STRIDES = {8, 16, 32};
  private static final int ANCHORS = 2;
  private static final int DEFAULT_SIDE = 640;

  private final OnnxModel model;

  ScrfdDetector(OnnxModel model) {
    this.model = model;
  }

  @Override
  public String family() {
    return "scrfd";
  }

  @Override
  public List<Face> detect(BufferedImage image) {
    Pixels src = Pixels.of(image, 0);
    int inH = model.inputDim(2, DEFAULT_SIDE);
    int inW = model.inputDim(3, DEFAULT_SIDE);
    double imRatio = (double) src.height / src.width;
    double modelRatio = (double) inH / inW;
    int newW;
    int newH;
    if (imRatio > modelRatio) {
      newH = inH;
      newW = (int) (newH / imRatio);
    } else {
      newW = inW;
      newH = (int) (newW * imRatio);
    }
    double scale = (double) newH / src.height;
    Pixels resized = src.resize(Math.max(1, newW), Math.max(1, newH));
    int plane = inW * inH;
    float[] blob = new float[3 * plane];
    float zero = (float) ((0 - 127.5) / 128.0);
    java.util.Arrays.fill(blob, zero);
    for (int y = 0; y < resized.height; y++) {
      for (int x = 0; x < resized.width; x++) {
        int rgb = resized.at(x, y);
        int i = y * inW + x;
        blob[i] = (float) ((((rgb >> 16) & 0xff) - 127.5) / 128.0);
        blob[plane + i] = (float) ((((rgb >> 8) & 0xff) - 127.5) / 128.0);
        blob[2 * plane + i] = (float) (((rgb & 0xff) - 127.5) / 128.0);
      }
    }
    Map<String, float[]> out = model.run(blob, new long[] {1, 3, inH, inW});
    List<float[]> outs = new ArrayList<>();
    for (String name : model.outputNames) {
      outs.add(out.get(name));
    }
    List<Face> faces = new ArrayList<>();
    for (int s = 0; s < STRIDES.length; s++) {
      int stride = STRIDES[s];
      float[] scores = outs.get(s);
      float[] boxes = outs.get(s + 3);
      float[] kps = outs.get(s + 6);
      int cols = inW / stride;
      int rows = inH / stride;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          for (int a = 0; a < ANCHORS; a++) {
            int idx = (r * cols + c) * ANCHORS + a;
            if (idx >= scores.length || scores[idx] < SCORE_THRESHOLD) {
              continue;
            }
            double cx = c * stride;
            double cy = r * stride;
            double x1 = cx - boxes[idx * 4] * stride;
            double y1 = cy - boxes[idx * 4 + 1] * stride;
            double x2 = cx + boxes[idx * 4 + 2] * stride;
            double y2 = cy + boxes[idx * 4 + 3] * stride;
            List<FacePoint> points = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
              points.add(
                  FacePoint.of(
                      (cx + kps[idx * 10 + 2 * n] * stride) / scale,
                      (cy + kps[idx * 10 + 2 * n + 1] * stride) / scale));
            }
            faces.add(
                Face.builder()
                    .x(x1 / scale)
                    .y(y1 / scale)
                    .width((x2 - x1) / scale)
                    .height((y2 - y1) / scale)
                    .score(scores[idx])
                    .landmarks(points)
                    .build());
          }
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
