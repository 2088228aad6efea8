package dev.lorakit.core.dataset;

import com.luciad.imageio.webp.WebPImageReaderSpi;
import com.luciad.imageio.webp.WebPReadParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageReader;

/**
 * libwebp through {@code com.github.usefulness:webp-imageio}, for the perceptual hash only: it
 * decodes a 1.5-megapixel WebP 5-7 times faster than TwelveMonkeys' pure-Java reader
 * (reference/landscape-2026.md 3.4). Its native library is bundled for Linux, macOS and Windows on
 * the common architectures; where it does not load, {@link #available()} is false and the scanner
 * keeps the pure-Java reader. Header reads and deep mode always use the pure-Java reader, whose
 * warnings name damaged pixel data.
 */
final class NativeWebp {
  /** Set to {@code true} to use the pure-Java reader even where libwebp loads. */
  static final String PURE_JAVA_PROPERTY = "lorakit.webp.pureJava";

  private NativeWebp() {}

  private static final class Probe {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      if (Boolean.getBoolean(PURE_JAVA_PROPERTY)) {
        return false;
      }
      try {
        // The decoder options live in native memory: creating them loads the library.
        new WebPReadParam();
        return true;
      } catch (LinkageError | RuntimeException e) {
        return false;
      }
    }
  }

  static boolean available() {
    return Probe.AVAILABLE;
  }

  static ImageReader reader() {
    try {
      return new WebPImageReaderSpi().createReaderInstance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
