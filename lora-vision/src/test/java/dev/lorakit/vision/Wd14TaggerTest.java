package dev.lorakit.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lorakit.core.caption.Tag;
import dev.lorakit.core.caption.TagCategory;
import dev.lorakit.core.caption.TagScore;
import dev.lorakit.testkit.FakeVisionModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Wd14TaggerTest {
  @TempDir Path dir;

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static BufferedImage filled(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  private static double score(List<TagScore> scores, String tag) {
    return scores.stream().filter(s -> s.tag().equals(tag)).findFirst().orElseThrow().score();
  }

  @Test
  void tag_redImage_feedsChannelsInBgrOrder() {
    Path[] files = FakeVisionModels.wd14(dir);
    try (Wd14Tagger tagger = Wd14Tagger.open(files[0], files[1])) {
      assertThat(tagger.inputSize()).isEqualTo(448);
      List<TagScore> scores = tagger.tag(filled(64, 64, 0xff0000));
      // SmilingWolf's and sd-scripts' preprocessing hand the model BGR: the fake model's channel
      // 0 (B) scores blue_background, channel 2 (R) red_theme.
      assertThat(score(scores, "red theme")).isCloseTo(sigmoid(5), within(1e-3));
      assertThat(score(scores, "blue background")).isCloseTo(sigmoid(-5), within(1e-3));
    }
  }

  @Test
  void tag_nonSquareImage_isPaddedWithWhite() {
    Path[] files = FakeVisionModels.wd14(dir);
    try (Wd14Tagger tagger = Wd14Tagger.open(files[0], files[1])) {
      // 100x50 red padded to a 100x100 white square: half the pixels have B = 255, so mean B is
      // 127.5 and blue_background scores sigmoid(10 * 0.5 - 5) = 0.5.
      List<TagScore> scores = tagger.tag(filled(100, 50, 0xff0000));
      assertThat(score(scores, "blue background")).isCloseTo(0.5, within(0.02));
    }
  }

  @Test
  void caption_thresholds_dropRatingsAndWeakCharacters_keepKaomoji() {
    Path[] files = FakeVisionModels.wd14(dir);
    try (Wd14Tagger tagger = Wd14Tagger.open(files[0], files[1])) {
      List<TagScore> scores = tagger.tag(filled(64, 64, 0xff0000));
      assertThat(scores.get(0).category()).isEqualTo(TagCategory.RATING);
      List<String> tags =
          TagScore.caption(scores, 0.35, 0.85).tags().stream()
              .map(Tag::text)
              .collect(Collectors.toList());
      assertThat(tags).containsExactlyInAnyOrder("brown eyes", "red theme", "^_^", "upper body");
      List<String> lowCharacter =
          TagScore.caption(scores, 0.35, 0.4).tags().stream()
              .map(Tag::text)
              .collect(Collectors.toList());
      assertThat(lowCharacter).contains("hatsune miku");
    }
  }

  @Test
  void open_missingModel_namesFileAndWhereToGetIt() {
    Path[] files = FakeVisionModels.wd14(dir);
    assertThatThrownBy(() -> Wd14Tagger.open(dir.resolve("nope.onnx"), files[1]))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("nope.onnx not found")
        .satisfies(e -> assertThat(((ModelFileException) e).fix()).contains("SmilingWolf"));
  }

  @Test
  void open_tagsFileOfAnotherModel_isRefused() throws Exception {
    Path[] files = FakeVisionModels.wd14(dir);
    List<String> lines = Files.readAllLines(files[1]);
    Files.write(files[1], lines.subList(0, lines.size() - 1));
    assertThatThrownBy(() -> Wd14Tagger.open(files[0], files[1]))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("11 outputs but the tags file has 10 rows");
  }

  @Test
  void open_notAnOnnxFile_isAOneLineError() throws Exception {
    Path[] files = FakeVisionModels.wd14(dir);
    Files.writeString(files[0], "not a model");
    assertThatThrownBy(() -> Wd14Tagger.open(files[0], files[1]))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("cannot be loaded by ONNX Runtime")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
