package dev.lorakit.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.testkit.ExifJpeg;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face audit (and so the detector, the embedder and the loss masks) sees an image the way the
 * trainer does, EXIF orientation applied (ai-toolkit {@code toolkit/dataloader_mixins.py}
 * l.895-896, the mask at l.1585): a stored 64x32 picture tagged 6 is a 32x64 portrait.
 */
class OrientedDecodeTest {
  @TempDir Path dir;

  private static boolean isRed(int rgb) {
    return (rgb >> 16 & 0xff) > 200 && (rgb & 0xff) < 60;
  }

  private static boolean isBlue(int rgb) {
    return (rgb & 0xff) > 200 && (rgb >> 16 & 0xff) < 60;
  }

  @Test
  void read_orientation6_isTurnedAQuarterClockwise() throws Exception {
    Path f = dir.resolve("phone.jpg");
    Files.write(f, ExifJpeg.of(ExifJpeg.halves(64, 32, 0xff0000, 0x0000ff), 6));

    BufferedImage shown = FaceAuditor.read(f).orElseThrow();

    assertThat(shown.getWidth()).isEqualTo(32);
    assertThat(shown.getHeight()).isEqualTo(64);
    // Pillow's ROTATE_270 (counter-clockwise) for tag 6: the stored bottom (blue) goes left
    assertThat(isBlue(shown.getRGB(4, 32))).isTrue();
    assertThat(isRed(shown.getRGB(27, 32))).isTrue();
  }

  @Test
  void read_orientation3_isAHalfTurn_andOrientation1Unchanged() throws Exception {
    Path turned = dir.resolve("turned.jpg");
    Files.write(turned, ExifJpeg.of(ExifJpeg.halves(64, 32, 0xff0000, 0x0000ff), 3));
    Path upright = dir.resolve("upright.jpg");
    Files.write(upright, ExifJpeg.of(ExifJpeg.halves(64, 32, 0xff0000, 0x0000ff), 1));

    BufferedImage t = FaceAuditor.read(turned).orElseThrow();
    BufferedImage u = FaceAuditor.read(upright).orElseThrow();

    assertThat(t.getWidth()).isEqualTo(64);
    assertThat(isBlue(t.getRGB(32, 4))).isTrue();
    assertThat(isRed(u.getRGB(32, 4))).isTrue();
  }
}
