package dev.lorakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleDatasetTest {

  @Test
  void write_guideLayoutWithDefects(@TempDir Path dir) throws IOException {
    ExampleDataset.Layout layout =
        ExampleDataset.builder("maya_char")
            .characterImages(7)
            .bodyImages(3)
            .size(256)
            .defects(EnumSet.allOf(ExampleDataset.Defect.class))
            .write(dir, new SplittableRandom(1));

    Path character = dir.resolve("40_maya_char");
    assertThat(Files.list(character).filter(p -> p.toString().endsWith(".jpg")).count())
        .isEqualTo(8);
    assertThat(Files.list(dir.resolve("20_maya_char_realbody")).count()).isEqualTo(6);
    assertThat(Files.list(dir.resolve("control")).count()).isEqualTo(11);
    assertThat(Files.readString(character.resolve("img001.txt"))).doesNotContain("maya_char");
    assertThat(Files.readString(character.resolve("img002.txt"))).startsWith("maya_char, ");
    assertThat(Files.readString(dir.resolve("20_maya_char_realbody/body001.txt")))
        .startsWith("maya_char, realistic_body, legs");
    BufferedImage small = ImageIO.read(character.resolve("img002.jpg").toFile());
    assertThat(small.getWidth()).isEqualTo(700);
    assertThat(Files.mismatch(character.resolve("img003.jpg"), character.resolve("img008.jpg")))
        .isEqualTo(-1L);
    assertThat(layout.defectFiles())
        .containsExactly(
            "40_maya_char/img001.txt", "40_maya_char/img002.jpg", "40_maya_char/img008.jpg");
  }
}
