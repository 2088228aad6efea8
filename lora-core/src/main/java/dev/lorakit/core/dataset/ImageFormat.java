package dev.lorakit.core.dataset;

import java.util.Locale;
import java.util.Optional;

/**
 * The image formats ai-toolkit loads: {@code .jpg .jpeg .png .webp}, any letter case.
 *
 * <pre>{@code
 * ImageFormat.fromFileName("IMG_001.JPG"); // Optional[JPEG]
 * }</pre>
 */
public enum ImageFormat {
  JPEG("jpeg"),
  PNG("png"),
  WEBP("webp");

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The ImageIO format name of this format's reader. */
  public String imageIoName() {
    return imageIoName;
  }

  /** The format a trainer infers from the file's extension; empty for any other file. */
  public static Optional<ImageFormat> fromFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "jpg":
      case "jpeg":
        return Optional.of(JPEG);
      case "png":
        return Optional.of(PNG);
      case "webp":
        return Optional.of(WEBP);
      default:
        return Optional.empty();
    }
  }

  /** The format the first bytes of a file announce, whatever its extension says. */
  static Optional<ImageFormat> sniff(byte[] head, int length) {
    if (length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (length >= 8
        && (head[0] & 0xff) == 0x89
        && head[1] == 'P'
        && head[2] == 'N'
        && head[3] == 'G'
        && head[4] == '\r'
        && head[5] == '\n') {
      return Optional.of(PNG);
    }
    if (length >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }
}
