package dev.lorakit.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.face.CheckpointIdentity;
import dev.lorakit.core.face.CheckpointRanking;
import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.face.FaceRules;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.testkit.FakeVisionModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaceAuditorTest {
  @TempDir Path dir;

  private FaceAudit audit(Path root, FaceDetector det, FaceEmbedder emb) {
    DatasetSnapshot snap = DatasetScanner.of(ScanOptions.builder().build()).scan(root);
    return FaceAuditor.of(det, emb).audit(snap, ScanListener.NONE);
  }

  private static Map<String, String> found(FaceAudit audit) {
    return RuleCatalogue.standard().check(FaceRules.FACES, audit).violations().stream()
        .collect(Collectors.toMap(Violation::path, Violation::ruleId));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet+sface", "scrfd+arcface"})
  void audit_plantedDataset_reportsEachPlantedCaseAndNothingElse(String pair) {
    Path root = dir.resolve("ds");
    Map<String, String> planted = FakeVisionModels.plantedFaceDataset(root, "maya_char");
    Path detFile =
        pair.startsWith("yunet")
            ? FakeVisionModels.yunet(dir.resolve("d.onnx"), 4)
            : FakeVisionModels.scrfd(dir.resolve("d.onnx"), 4);
    Path embFile =
        pair.endsWith("sface")
            ? FakeVisionModels.sface(dir.resolve("e.onnx"))
            : FakeVisionModels.arcface(dir.resolve("e.onnx"));
    try (FaceDetector det = FaceModels.detector(detFile);
        FaceEmbedder emb = FaceModels.embedder(embFile)) {
      FaceAudit audit = audit(root, det, emb);
      assertThat(found(audit)).isEqualTo(planted);
    }
  }

  @Test
  void writeMasks_blacksOutTheStrangerAndClearsTheFinding() throws Exception {
    Path root = dir.resolve("ds");
    FakeVisionModels.plantedFaceDataset(root, "maya_char");
    try (FaceDetector det = FaceModels.detector(FakeVisionModels.yunet(dir.resolve("d.onnx"), 4));
        FaceEmbedder emb = FaceModels.embedder(FakeVisionModels.sface(dir.resolve("e.onnx")))) {
      LossMasks.Result r = LossMasks.write(root, audit(root, det, emb));
      String folder = ".lorakit/masks/20_maya_char_realbody/";
      assertThat(r.written()).containsExactly(folder + "body001.png", folder + "body002.png");
      BufferedImage mask = ImageIO.read(root.resolve(folder + "body001.png").toFile());
      assertThat(mask.getWidth()).isEqualTo(640);
      // stranger's face at (256, 64), 128 px: black inside, white well outside the grown box
      assertThat(mask.getRaster().getSample(320, 128, 0)).isZero();
      assertThat(mask.getRaster().getSample(256 - 20, 64, 0)).isZero();
      assertThat(mask.getRaster().getSample(100, 500, 0)).isEqualTo(255);
      BufferedImage blank = ImageIO.read(root.resolve(folder + "body002.png").toFile());
      assertThat(blank.getRaster().getSample(320, 128, 0)).isEqualTo(255);
      FaceAudit again = audit(root, det, emb);
      assertThat(found(again)).doesNotContainValue("face.in-body-photo");
      // the scanner now hands the mask folder to the config writer
      DatasetSnapshot snap = DatasetScanner.of(ScanOptions.builder().build()).scan(root);
      assertThat(snap.folder("20_maya_char_realbody").orElseThrow().maskFolder())
          .contains(".lorakit/masks/20_maya_char_realbody");
      assertThat(snap.images()).noneMatch(i -> i.path().startsWith(".lorakit"));
      assertThat(Files.exists(root.resolve(folder + "body001.png"))).isTrue();
    }
  }

  @Test
  void scoreRun_improvingThenCopying_ranksByIdentityAndRecommendsTheLastCleanOne() {
    Path ds = dir.resolve("ds");
    Path run = dir.resolve("run");
    FakeVisionModels.improvingThenCopyingRun(ds, run, "maya_char");
    try (FaceDetector det = FaceModels.detector(FakeVisionModels.yunet(dir.resolve("d.onnx"), 4));
        FaceEmbedder emb = FaceModels.embedder(FakeVisionModels.sface(dir.resolve("e.onnx")))) {
      SampleScorer scorer = SampleScorer.of(det, emb, audit(ds, det, emb));
      List<CheckpointIdentity> scores = scorer.scoreRun(run);
      assertThat(scores)
          .extracting(CheckpointIdentity::step)
          .containsExactly(200L, 400L, 600L, 800L);
      assertThat(scores.get(0).checkpoint()).contains("maya_char_lora_000000200.safetensors");
      // expected values from the definitions (FakeVisionModels.improvingThenCopyingRun)
      double[] identity = {0.633, 0.956, 1.000, 0.776};
      for (int i = 0; i < 4; i++) {
        assertThat(scores.get(i).identity())
            .isCloseTo(identity[i], org.assertj.core.api.Assertions.within(0.01));
        assertThat(scores.get(i).faces()).isEqualTo(2);
      }
      assertThat(scores.get(3).copycat()).isGreaterThan(0.99);
      assertThat(scores.get(3).nearestTrainingImage()).contains("40_maya_char/img001.png");
      CheckpointRanking ranking =
          CheckpointRanking.of(scores, CheckpointRanking.DEFAULT_COPY_THRESHOLD);
      assertThat(ranking.ranked())
          .extracting(CheckpointIdentity::step)
          .containsExactly(600L, 400L, 800L, 200L);
      assertThat(ranking.recommended()).map(CheckpointIdentity::step).contains(600L);
    }
  }
}
