package dev.lorakit.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lorakit.core.face.Face;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.face.FaceEmbedding;
import dev.lorakit.testkit.FakeVisionModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceModelsTest {
  @TempDir Path dir;

  private static BufferedImage oneFace(int size, int x, int y, int side) {
    BufferedImage img = FakeVisionModels.canvas(size, size);
    FakeVisionModels.paintFace(img, x, y, side, side / 4, 120, new int[] {255, 0, 0, 0});
    return img;
  }

  private static void assertBox(Face f, double x, double y, double side) {
    assertThat(f.x()).isCloseTo(x, within(0.5));
    assertThat(f.y()).isCloseTo(y, within(0.5));
    assertThat(f.width()).isCloseTo(side, within(0.5));
    assertThat(f.height()).isCloseTo(side, within(0.5));
    // the fake detectors put the ArcFace template's landmarks onto the box
    assertThat(f.landmarks()).hasSize(5);
    assertThat(f.landmarks().get(0).x()).isCloseTo(x + 38.2946 / 112 * side, within(0.5));
    assertThat(f.landmarks().get(4).y()).isCloseTo(y + 92.2041 / 112 * side, within(0.5));
  }

  @Test
  void detector_yunetOutputs_areDecodedAsOpenCvDoes() {
    try (FaceDetector det = FaceModels.detector(FakeVisionModels.yunet(dir.resolve("y.onnx"), 4))) {
      assertThat(det.family()).isEqualTo("yunet");
      List<Face> faces = det.detect(oneFace(640, 128, 96, 128));
      assertThat(faces).hasSize(1);
      assertBox(faces.get(0), 128, 96, 128);
      // a 320 px image is scaled up by 2 into the 640 input and the box comes back scaled down
      List<Face> small = det.detect(oneFace(320, 64, 32, 64));
      assertThat(small).hasSize(1);
      assertBox(small.get(0), 64, 32, 64);
    }
  }

  @Test
  void detector_scrfdOutputs_areDecodedAsInsightfaceDoes() {
    try (FaceDetector det = FaceModels.detector(FakeVisionModels.scrfd(dir.resolve("s.onnx"), 4))) {
      assertThat(det.family()).isEqualTo("scrfd");
      List<Face> faces = det.detect(oneFace(640, 128, 96, 128));
      // two anchors per cell give two identical boxes; NMS keeps one
      assertThat(faces).hasSize(1);
      assertBox(faces.get(0), 128, 96, 128);
      // a 1280x640 image is letterboxed to 640x320 at the top of the 640 square
      BufferedImage wide = FakeVisionModels.canvas(1280, 640);
      FakeVisionModels.paintFace(wide, 512, 256, 256, 64, 120, new int[] {255, 0, 0, 0});
      List<Face> w = det.detect(wide);
      assertThat(w).hasSize(1);
      assertBox(w.get(0), 512, 256, 256);
    }
  }

  @Test
  void embedder_familyFromOutputWidth_alignsAndEmbeds() {
    try (FaceDetector det = FaceModels.detector(FakeVisionModels.yunet(dir.resolve("y.onnx"), 4));
        FaceEmbedder sface = FaceModels.embedder(FakeVisionModels.sface(dir.resolve("sf.onnx")));
        FaceEmbedder arc = FaceModels.embedder(FakeVisionModels.arcface(dir.resolve("af.onnx")))) {
      assertThat(sface.family()).isEqualTo("sface");
      assertThat(sface.sameIdentityThreshold()).isEqualTo(0.363);
      assertThat(arc.family()).isEqualTo("arcface");
      BufferedImage img = oneFace(640, 128, 96, 128);
      Face face = det.detect(img).get(0);
      FaceEmbedding e = sface.embed(img, face);
      assertThat(e.dimension()).isEqualTo(128);
      // SFace reads raw 0-255 RGB: green 120 in every quadrant, blue 255 in the first
      float[] expected = new float[128];
      java.util.Arrays.fill(expected, 0, 4, 120f);
      expected[4] = 255f;
      assertThat(e.cosine(FaceEmbedding.of(expected))).isGreaterThan(0.999);
      // ArcFace reads (x - 127.5) / 127.5: green 120 -> -0.0588, blue 255 -> 1, blue 0 -> -1
      FaceEmbedding a = arc.embed(img, face);
      assertThat(a.dimension()).isEqualTo(512);
      float[] arcExpected = new float[512];
      java.util.Arrays.fill(arcExpected, 0, 4, (float) ((120 - 127.5) / 127.5));
      arcExpected[4] = 1f;
      arcExpected[5] = -1f;
      arcExpected[6] = -1f;
      arcExpected[7] = -1f;
      assertThat(a.cosine(FaceEmbedding.of(arcExpected))).isGreaterThan(0.999);
    }
  }

  @Test
  void alignment_recoversAKnownSimilarity() {
    double angle = Math.toRadians(30);
    double s = 2.0;
    double[][] src = new double[5][2];
    double[][] dst = new double[5][2];
    for (int i = 0; i < 5; i++) {
      double x = Alignment.TEMPLATE[i][0];
      double y = Alignment.TEMPLATE[i][1];
      src[i][0] = x;
      src[i][1] = y;
      dst[i][0] = s * (Math.cos(angle) * x - Math.sin(angle) * y) + 7;
      dst[i][1] = s * (Math.sin(angle) * x + Math.cos(angle) * y) - 3;
    }
    Alignment a = Alignment.estimate(src, dst);
    assertThat(a.m[0]).isCloseTo(s * Math.cos(angle), within(1e-9));
    assertThat(a.m[3]).isCloseTo(s * Math.sin(angle), within(1e-9));
    assertThat(a.m[2]).isCloseTo(7, within(1e-9));
    assertThat(a.m[5]).isCloseTo(-3, within(1e-9));
  }

  @Test
  void detector_missingFile_andWrongModel_areOneLineErrorsWithAFix() {
    assertThatThrownBy(() -> FaceModels.detector(dir.resolve("det.onnx")))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("det.onnx not found")
        .satisfies(e -> assertThat(((ModelFileException) e).fix()).contains("yunet"));
    Path embedderAsDetector = FakeVisionModels.sface(dir.resolve("sf.onnx"));
    assertThatThrownBy(() -> FaceModels.detector(embedderAsDetector))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("neither YuNet");
  }
}
