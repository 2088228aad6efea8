package dev.lorakit.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * Tiny JPEGs carrying an EXIF orientation tag (0x0112, a SHORT in IFD0 of a big-endian TIFF in an
 * APP1 {@code Exif\0\0} segment right after APP0), for tests of orientation handling.
 *
 * <pre>{@code
 * byte[] jpeg = ExifJpeg.of(image, 6); // stored landscape, shown as portrait
 * }</pre>
 */
public final class ExifJpeg {
  private ExifJpeg() {}

  /** The image encoded as JPEG by ImageIO, with the orientation tag. */
  public static byte[] of(BufferedImage image, int orientation) {
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpeg", encoded)) {
        throw new IllegalStateException("no JPEG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jpeg = encoded.toByteArray();
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
    tiff.putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0);
    byte[] exif = new byte[6 + tiff.capacity()];
    System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
    System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
    int app0End = 4 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, app0End);
    out.write(0xff);
    out.write(0xe1);
    int len = exif.length + 2;
    out.write(len >> 8);
    out.write(len & 0xff);
    out.write(exif, 0, exif.length);
    out.write(jpeg, app0End, jpeg.length - app0End);
    return out.toByteArray();
  }

  /**
   * A flat-colour picture of this size: the top half {@code top}, the bottom half {@code bottom}.
   */
  public static BufferedImage halves(int width, int height, int top, int bottom) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, y < height / 2 ? top : bottom);
      }
    }
    return img;
  }
}
