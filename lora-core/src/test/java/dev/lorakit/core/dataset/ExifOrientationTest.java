package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny JPEGs carrying each EXIF orientation decode to what Pillow's {@code exif_transpose} shows
 * (the trainer's view): {@code src/PIL/ImageOps.py} l.716-724 at 4e5f09f5 maps 2 FLIP_LEFT_RIGHT, 3
 * ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90 (Pillow's
 * rotations are counter-clockwise). The stored picture is 64x32 in four flat quadrants.
 */
class ExifOrientationTest {
  @TempDir Path dir;

  private static final int R = 0xff0000;
  private static final int G = 0x00ff00;
  private static final int B = 0x0000ff;
  private static final int W = 0xffffff;

  /** Stored: top-left red, top-right green, bottom-left blue, bottom-right white. */
  private static BufferedImage quadrants() {
    BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, y < 16 ? (x < 32 ? R : G) : (x < 32 ? B : W));
      }
    }
    return img;
  }

  /** Displayed corners (top-left, top-right, bottom-left, bottom-right) per orientation. */
  private static final Map<Integer, List<Integer>> CORNERS =
      Map.of(
          1, List.of(R, G, B, W),
          2, List.of(G, R, W, B), // mirrored left-right
          3, List.of(W, B, G, R), // half turn
          4, List.of(B, W, R, G), // mirrored top-bottom
          5, List.of(R, B, G, W), // transpose: out(x, y) = in(y, x)
          6, List.of(B, R, W, G), // ROTATE_270 counter-clockwise = a quarter turn clockwise
          7, List.of(W, G, B, R), // transverse
          8, List.of(G, W, R, B)); // ROTATE_90 counter-clockwise

  private static int corner(BufferedImage img, int x, int y) {
    // 4 px in from the edge: away from JPEG ringing at the quadrant borders
    int px = x == 0 ? 4 : img.getWidth() - 5;
    int py = y == 0 ? 4 : img.getHeight() - 5;
    int rgb = img.getRGB(px, py) & 0xffffff;
    // snap each channel: JPEG is lossy, the quadrants are pure colours
    int r = (rgb >> 16 & 0xff) > 127 ? 0xff : 0;
    int g = (rgb >> 8 & 0xff) > 127 ? 0xff : 0;
    int b = (rgb & 0xff) > 127 ? 0xff : 0;
    return r << 16 | g << 8 | b;
  }

  @Test
  void decode_everyOrientation_showsWhatExifTransposeShows() {
    for (int o = 1; o <= 8; o++) {
      Path f =
          TestImages.write(
              dir.resolve("o" + o + ".jpg"),
              TestImages.withOrientation(TestImages.encode(quadrants(), "jpeg"), o));

      assertThat(ExifOrientation.read(f)).as("orientation %d", o).isEqualTo(o);
      BufferedImage shown = ExifOrientation.decode(f).orElseThrow();
      boolean swap = o >= 5;
      assertThat(shown.getWidth()).as("width at %d", o).isEqualTo(swap ? 32 : 64);
      assertThat(shown.getHeight()).as("height at %d", o).isEqualTo(swap ? 64 : 32);
      assertThat(
              List.of(
                  corner(shown, 0, 0),
                  corner(shown, 1, 0),
                  corner(shown, 0, 1),
                  corner(shown, 1, 1)))
          .as("corners at orientation %d", o)
          .isEqualTo(CORNERS.get(o));
    }
  }

  @Test
  void scanner_sizesAndHashes_agreeWithTheDecodedImage_forEveryOrientation() throws Exception {
    for (int o = 1; o <= 8; o++) {
      TestImages.write(
          dir.resolve("ds/10_x/o" + o + ".jpg"),
          TestImages.withOrientation(TestImages.encode(quadrants(), "jpeg"), o));
    }
    DatasetSnapshot snap =
        DatasetScanner.of(ScanOptions.builder().deep(true).perceptualHash(true).build())
            .scan(dir.resolve("ds"));
    assertThat(snap.images()).hasSize(8);
    for (ImageEntry e : snap.images()) {
      BufferedImage shown =
          ExifOrientation.decode(dir.resolve("ds").resolve(e.path())).orElseThrow();
      // the bucket sizes (ImageEntry) are the displayed sizes, as data_loader.py l.158-159 measures
      assertThat(e.width()).as(e.path()).isEqualTo(shown.getWidth());
      assertThat(e.height()).as(e.path()).isEqualTo(shown.getHeight());
      // the duplicate hash is taken of the displayed image (PerceptualHash.dHash(image, o))
      assertThat(e.perceptualHash()).as(e.path()).isPresent();
      assertThat(e.perceptualHash().getAsLong())
          .as(e.path())
          .isEqualTo(PerceptualHash.dHash(shown));
    }
  }

  @Test
  void read_noExifOrAPng_isOne() {
    Path png = TestImages.png(dir.resolve("a.png"), 8, 8, 1);
    Path jpg = TestImages.jpeg(dir.resolve("a.jpg"), 8, 8, 1);
    assertThat(ExifOrientation.read(png)).isEqualTo(1);
    assertThat(ExifOrientation.read(jpg)).isEqualTo(1);
    assertThat(ExifOrientation.decode(dir.resolve("missing.jpg"))).isEmpty();
  }
}
