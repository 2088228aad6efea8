package dev.lorakit.vision;

import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Opens face models, telling the family from the ONNX file's inputs and outputs:
 *
 * <ul>
 *   <li>detector with outputs {@code cls_8 … kps_32} (12): OpenCV Zoo YuNet (MIT);
 *   <li>detector with 9 outputs (scores, boxes, key points at strides 8/16/32): insightface SCRFD
 *       ({@code det_10g.onnx} of {@code buffalo_l}; insightface's weights are non-commercial);
 *   <li>embedder with a 128-wide output: OpenCV Zoo SFace (Apache-2.0);
 *   <li>embedder with any other width (512 for {@code w600k_r50.onnx}): insightface ArcFace.
 * </ul>
 *
 * <pre>{@code
 * try (FaceDetector det = FaceModels.detector(Path.of("face_detection_yunet_2023mar.onnx"));
 *     FaceEmbedder emb = FaceModels.embedder(Path.of("face_recognition_sface_2021dec.onnx"))) {
 *   ...
 * }
 * }</pre>
 */
public final class FaceModels {
  /** Where detector files come from; lorakit never downloads them. */
  public static final String DETECTOR_WHERE =
      "download face_detection_yunet_2023mar.onnx (OpenCV Zoo, MIT) or det_10g.onnx (insightface"
          + " buffalo_l, non-commercial) and pass --detector; see docs/vision.md";

  /** Where embedder files come from. */
  public static final String EMBEDDER_WHERE =
      "download face_recognition_sface_2021dec.onnx (OpenCV Zoo, Apache-2.0) or w600k_r50.onnx"
          + " (insightface buffalo_l, non-commercial) and pass --embedder; see docs/vision.md";

  private static final List<String> YUNET_OUTPUTS =
      List.of(
          "cls_8", "cls_16", "cls_32", "obj_8", "obj_16", "obj_32", "bbox_8", "bbox_16", "bbox_32",
          "kps_8", "kps_16", "kps_32");

  private FaceModels() {}

  /** A YuNet or SCRFD detector, whichever the file is. */
  public static FaceDetector detector(Path file) {
    OnnxModel model = OnnxModel.open(file, "face detector", DETECTOR_WHERE);
    try {
      if (model.inputShape.length != 4 || (model.inputShape[1] != 3 && model.inputShape[1] > 0)) {
        throw new ModelFileException(
            file
                + " input is "
                + java.util.Arrays.toString(model.inputShape)
                + ", a face detector takes [1, 3, H, W]",
            DETECTOR_WHERE);
      }
      if (Set.copyOf(model.outputNames).containsAll(YUNET_OUTPUTS)) {
        return new YuNetDetector(model);
      }
      if (model.outputNames.size() == 9) {
        return new ScrfdDetector(model);
      }
      if (model.outputNames.size() == 6) {
        throw new ModelFileException(
            file + " is an SCRFD detector without key points; alignment needs five landmarks",
            "use the _kps export (det_10g.onnx has them)");
      }
      throw new ModelFileException(
          file
              + " is neither YuNet (outputs cls_8..kps_32) nor SCRFD (9 outputs); it has "
              + model.outputNames,
          DETECTOR_WHERE);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** An SFace or ArcFace embedder, whichever the file is. */
  public static FaceEmbedder embedder(Path file) {
    OnnxModel model = OnnxModel.open(file, "face embedder", EMBEDDER_WHERE);
    try {
      if (model.outputNames.size() != 1) {
        throw new ModelFileException(
            file + " has " + model.outputNames.size() + " outputs, a face embedder has 1",
            EMBEDDER_WHERE);
      }
      long[] out = model.outputShapes.get(model.outputNames.get(0));
      long width = out.length == 0 ? -1 : out[out.length - 1];
      return new OnnxFaceEmbedder(
          model, width == 128 ? OnnxFaceEmbedder.Family.SFACE : OnnxFaceEmbedder.Family.ARCFACE);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
