package dev.lorakit.core.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Generates small image files for tests and the benchmark; no committed binaries. */
public final class TestImages {
  private TestImages() {}

  /** A picture with coloured blocks chosen by {@code seed}, so different seeds hash apart. */
  public static BufferedImage picture(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    int cells = 6;
    for (int y = 0; y < cells; y++) {
      for (int x = 0; x < cells; x++) {
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(x * width / cells, y * height / cells, width / cells + 1, height / cells + 1);
      }
    }
    g.dispose();
    return image;
  }

  public static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path jpeg(Path file, int width, int height, long seed) {
    return write(file, encode(picture(width, height, seed), "jpeg"));
  }

  public static Path png(Path file, int width, int height, long seed) {
    return write(file, encode(picture(width, height, seed), "png"));
  }

  /** A JPEG with an EXIF APP1 segment carrying {@code orientation}. */
  public static Path jpegWithOrientation(Path file, int width, int height, int orientation) {
    return write(file, withOrientation(encode(picture(width, height, 7), "jpeg"), orientation));
  }

  /** The JPEG with an EXIF APP1 segment carrying {@code orientation} inserted after APP0. */
  public static byte[] withOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    tiff.putShort((short) 1); // one IFD0 entry
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

  /** A JPEG whose headers are valid and whose entropy-coded data is random bytes. */
  public static Path jpegWithGarbagePixels(Path file, int width, int height) {
    byte[] jpeg = encode(picture(width, height, 3), "jpeg");
    int sos = 2;
    while (!((jpeg[sos] & 0xff) == 0xff && (jpeg[sos + 1] & 0xff) == 0xda)) {
      sos += 2 + ((jpeg[sos + 2] & 0xff) << 8 | (jpeg[sos + 3] & 0xff));
    }
    int data = sos + 2 + ((jpeg[sos + 2] & 0xff) << 8 | (jpeg[sos + 3] & 0xff));
    Random random = new Random(5);
    for (int i = data; i < jpeg.length - 2; i++) {
      jpeg[i] = (byte) random.nextInt(0xff); // never 0xff, so no marker appears
    }
    return write(file, jpeg);
  }

  /** A PNG whose header is valid and whose compressed pixel data is garbage. */
  public static Path pngWithGarbagePixels(Path file, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(width, height));
    byte[] garbage = new byte[512];
    new Random(1).nextBytes(garbage);
    chunk(out, "IDAT", garbage);
    chunk(out, "IEND", new byte[0]);
    return write(file, out.toByteArray());
  }

  /**
   * A flat-colour RGB PNG written without ImageIO (fast even at 2048 px); {@code note} goes into a
   * tEXt chunk so that otherwise equal images differ in bytes.
   */
  public static Path flatPng(Path file, int width, int height, int rgb, String note) {
    byte[] idat =
        FLAT_IDAT.computeIfAbsent(
            width + "x" + height + ":" + rgb, k -> flatIdat(width, height, rgb));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(width, height));
    chunk(out, "tEXt", ("Comment\0" + note).getBytes(StandardCharsets.ISO_8859_1));
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return write(file, out.toByteArray());
  }

  private static final java.util.Map<String, byte[]> FLAT_IDAT =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static byte[] flatIdat(int width, int height, int rgb) {
    byte[] row = new byte[1 + width * 3];
    for (int x = 0; x < width; x++) {
      row[1 + x * 3] = (byte) (rgb >> 16);
      row[2 + x * 3] = (byte) (rgb >> 8);
      row[3 + x * 3] = (byte) rgb;
    }
    Deflater deflater = new Deflater(1);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int y = 0; y < height; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) {
        idat.write(buf, 0, deflater.deflate(buf));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      idat.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return idat.toByteArray();
  }

  private static byte[] ihdr(int width, int height) {
    return ByteBuffer.allocate(13)
        .putInt(width)
        .putInt(height)
        .put((byte) 8) // bit depth
        .put((byte) 2) // RGB
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0)
        .array();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * A lossless WebP (VP8L) without transforms: each channel has a two-symbol prefix code, so every
   * pixel picks one of two values per channel (8 colours) in 3 bits. Enough for real decoding and
   * perceptual hashing without a WebP encoder.
   */
  public static byte[] webp(int width, int height, long seed) {
    Random random = new Random(seed);
    int[][] values = new int[3][2];
    for (int[] v : values) {
      int a = random.nextInt(255);
      v[0] = a;
      v[1] = a + 1 + random.nextInt(255 - a);
    }
    int cells = 6;
    boolean[][][] pattern = new boolean[cells][cells][3];
    for (boolean[][] rowCells : pattern) {
      for (boolean[] cell : rowCells) {
        for (int c = 0; c < 3; c++) {
          cell[c] = random.nextBoolean();
        }
      }
    }
    BitWriter bits = new BitWriter();
    bits.write(0x2f, 8);
    bits.write(width - 1, 14);
    bits.write(height - 1, 14);
    bits.write(0, 1); // alpha unused
    bits.write(0, 3); // version
    bits.write(0, 1); // no transform
    bits.write(0, 1); // no colour cache
    bits.write(0, 1); // no meta prefix codes
    // green, red, blue: simple codes with two 8-bit symbols (ascending)
    int[] order = {1, 0, 2}; // green is channel 1 of (r, g, b)
    for (int channel : order) {
      bits.write(1, 1);
      bits.write(1, 1);
      bits.write(1, 1);
      bits.write(values[channel][0], 8);
      bits.write(values[channel][1], 8);
    }
    // alpha: one symbol 255; distance: one symbol 0
    bits.write(1, 1);
    bits.write(0, 1);
    bits.write(1, 1);
    bits.write(255, 8);
    bits.write(1, 1);
    bits.write(0, 1);
    bits.write(0, 1);
    bits.write(0, 1);
    for (int y = 0; y < height; y++) {
      boolean[][] rowCells = pattern[y * cells / height];
      for (int x = 0; x < width; x++) {
        boolean[] cell = rowCells[x * cells / width];
        bits.write(cell[1] ? 1 : 0, 1);
        bits.write(cell[0] ? 1 : 0, 1);
        bits.write(cell[2] ? 1 : 0, 1);
      }
    }
    byte[] data = bits.toByteArray();
    int chunkSize = data.length;
    int padded = chunkSize + (chunkSize & 1);
    ByteBuffer out = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.ISO_8859_1));
    out.putInt(12 + padded);
    out.put("WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1));
    out.putInt(chunkSize);
    out.put(data);
    return out.array();
  }

  public static Path webp(Path file, int width, int height, long seed) {
    return write(file, webp(width, height, seed));
  }

  /** Writes bits least-significant first, as VP8L reads them. */
  private static final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long acc;
    private int count;

    void write(int value, int n) {
      acc |= ((long) value & ((1L << n) - 1)) << count;
      count += n;
      while (count >= 8) {
        out.write((int) (acc & 0xff));
        acc >>>= 8;
        count -= 8;
      }
    }

    byte[] toByteArray() {
      if (count > 0) {
        out.write((int) (acc & 0xff));
        acc = 0;
        count = 0;
      }
      return out.toByteArray();
    }
  }
}
