package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decodes the scanner hashes give the hash of the full picture: WebP through libwebp exactly
 * (the test images are lossless, so both decoders must produce the same pixels), JPEG and PNG
 * subsampled by ImageIO within {@link #BOUND} bits.
 *
 * <p>Why {@value #BOUND}: the near-duplicate rule flags pairs at a distance of at most 6 ({@code
 * DatasetRules.DEFAULT_NEAR_DUPLICATE_DISTANCE}). If the decode path moves a hash by at most 2
 * bits, two files that are near duplicates when both are decoded in full (distance d <= 4) stay
 * within the threshold however each is decoded (d + 2 <= 6), and two pictures far apart (distance
 * above 10, the "different" floor of {@code DatasetScannerTest}) stay far apart. A bit flips only
 * where two neighbouring cells have almost the same brightness. The pictures are the block pictures
 * the scanner tests use; on smooth, noisy, low-contrast pictures a subsampled decode moved up to 7
 * bits in a measurement (docs/performance.md), a limit of the 36-point sampling in {@link
 * PerceptualHash}, not of the decoder, so it is not asserted here.
 */
class PerceptualHashDecodeTest {
  static final int BOUND = 2;

  private static long scannerHash(Path file) {
    try (ImageProbe probe = new ImageProbe()) {
      ImageProbe.Result r = probe.probe(file, size(file), false, true, false);
      assertThat(r.defect).as(file.toString()).isNull();
      return r.perceptualHash.orElseThrow();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The full picture, decoded by the pure-Java (TwelveMonkeys) or JDK reader. */
  private static long fullHash(Path file, String format) throws IOException {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
    ImageReader reader = it.next();
    while (reader.getOriginatingProvider().getClass().getName().startsWith("com.luciad.")) {
      reader = it.next();
    }
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      reader.setInput(in);
      return PerceptualHash.dHash(reader.read(0), 1);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void subsampledJpegAndPng_hashWithinBoundOfTheFullPicture(@TempDir Path dir) throws IOException {
    Random random = new Random(16);
    for (int i = 0; i < 16; i++) {
      int w = 1024 + random.nextInt(1025);
      int h = 1024 + random.nextInt(1025);
      BufferedImage picture = TestImages.picture(w, h, i);
      long reference = PerceptualHash.dHash(picture, 1);
      for (String format : new String[] {"jpeg", "png"}) {
        Path file =
            TestImages.write(dir.resolve(i + "." + format), TestImages.encode(picture, format));
        assertThat(PerceptualHash.distance(reference, scannerHash(file)))
            .as("%s %dx%d", file.getFileName(), w, h)
            .isLessThanOrEqualTo(BOUND);
      }
    }
  }

  @Test
  void nativeWebp_loadsOnLinuxX86_64() {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(System.getProperty("os.arch")).isEqualTo("amd64");

    assertThat(NativeWebp.available()).isTrue();
  }

  @Test
  void nativeWebp_hashEqualsThePureJavaFullDecode(@TempDir Path dir) throws IOException {
    assumeThat(NativeWebp.available()).isTrue();
    Random random = new Random(5);
    for (int i = 0; i < 12; i++) {
      int w = 1024 + random.nextInt(1025);
      int h = 1024 + random.nextInt(1025);
      Path file = TestImages.webp(dir.resolve(i + ".webp"), w, h, i);

      assertThat(scannerHash(file))
          .as("%s %dx%d", file.getFileName(), w, h)
          .isEqualTo(fullHash(file, "webp"));
    }
  }
}
