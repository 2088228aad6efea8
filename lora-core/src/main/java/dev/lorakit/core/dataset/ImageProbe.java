package dev.lorakit.core.dataset;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegSegmentMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads what the scanner needs from one image file. One instance per thread: it keeps one ImageIO
 * reader per format and a buffer for the first bytes, so a header read is one {@code read} call.
 */
final class ImageProbe implements AutoCloseable {
  static final int HEAD_BYTES = 16 * 1024;
  private final List<JpegSegmentMetadataReader> jpegSegmentReaders =
      List.of(new JpegReader(), new ExifReader());
  private static final int TAIL_BYTES = 4096;

  /** PIL raises {@code DecompressionBombError} above twice its {@code MAX_IMAGE_PIXELS}. */
  static final long MAX_PIXELS = 2L * (1024L * 1024 * 1024 / 4 / 3);

  private final Map<ImageFormat, ImageReader> readers = new EnumMap<>(ImageFormat.class);
  private final byte[] head = new byte[HEAD_BYTES];
  private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
  private final MessageDigest sha256;
  private final List<String> warnings = new ArrayList<>();
  private final IIOReadWarningListener warningListener = (source, warning) -> warnings.add(warning);

  ImageProbe() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** The result of probing one file; {@code defect} non-null when the image is unusable. */
  static final class Result {
    int width;
    int height;
    int orientation = 1;
    String defect;
    String sha256;
    OptionalLong perceptualHash = OptionalLong.empty();
  }

  Result probe(Path file, long size, boolean deep, boolean perceptual, boolean hash) {
    Result r = new Result();
    if (size == 0) {
      r.defect = "empty file (0 bytes)";
      return r;
    }
    int n;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      n = readHead(ch);
      Optional<ImageFormat> actual = ImageFormat.sniff(head, n);
      if (actual.isEmpty()) {
        r.defect = "not a JPEG, PNG or WebP file (unknown first bytes)";
        return r;
      }
      ImageFormat format = actual.get();
      String truncated = truncation(ch, format, size, n);
      // Phones append data after a JPEG's end marker (motion photos): a missing marker at the
      // end is confirmed by decoding that one file before it is called truncated.
      boolean confirm = truncated != null && format == ImageFormat.JPEG;
      if (truncated != null && !confirm) {
        r.defect = truncated;
      }
      if (format == ImageFormat.JPEG) {
        readJpegHeader(file, n, size, r);
      } else {
        readHeader(file, format, n, size, r);
      }
      if (r.defect == null && (long) r.width * r.height > MAX_PIXELS) {
        r.defect =
            String.format(
                Locale.ROOT,
                "%dx%d is %d pixels, above the %d that PIL (the trainer's image loader) refuses"
                    + " as a decompression bomb",
                r.width,
                r.height,
                (long) r.width * r.height,
                MAX_PIXELS);
      }
      if (r.defect == null && format != ImageFormat.JPEG) {
        r.orientation = orientation(format, n);
      }
      if (r.defect == null) {
        if (r.orientation >= 5 && r.orientation <= 8) {
          int w = r.width;
          r.width = r.height;
          r.height = w;
        }
      }
      if (hash) {
        r.sha256 = hash(ch, n, size);
      }
      if (r.defect == null && (deep || perceptual || confirm)) {
        decode(file, format, deep || confirm, perceptual, r);
        if (confirm && r.defect != null) {
          r.defect = truncated + " (" + r.defect + ")";
        }
      }
    } catch (IOException | RuntimeException e) {
      if (r.defect == null) {
        r.defect = "cannot be read: " + describe(e);
      }
    }
    return r;
  }

  private int readHead(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(head);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        break;
      }
    }
    return buf.position();
  }

  private void readHeader(Path file, ImageFormat format, int n, long size, Result r)
      throws IOException {
    ImageReader reader = reader(format);
    try {
      try (ImageInputStream in =
          new MemoryCacheImageInputStream(new ByteArrayInputStream(head, 0, n))) {
        reader.setInput(in, true, true);
        r.width = reader.getWidth(0);
        r.height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        if (n >= size) {
          throw e;
        }
        // The header lies beyond the first bytes (a large EXIF or ICC block): read the file.
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
          reader.setInput(in, true, true);
          r.width = reader.getWidth(0);
          r.height = reader.getHeight(0);
        }
      }
    } catch (IOException | RuntimeException e) {
      r.defect = "header cannot be read: " + describe(e);
    } finally {
      reader.reset();
    }
  }

  /**
   * JPEG frame size and EXIF orientation in one pass with metadata-extractor, which reads segments
   * up to the start of the scan and never touches entropy-coded data. Measured 10-30 times faster
   * than the ImageIO JPEG readers' {@code getWidth}, which dominated header mode.
   */
  private void readJpegHeader(Path file, int n, long size, Result r) {
    try {
      Metadata metadata;
      try (InputStream in = new ByteArrayInputStream(head, 0, n)) {
        metadata = JpegMetadataReader.readMetadata(in, jpegSegmentReaders);
      }
      JpegDirectory frame = metadata.getFirstDirectoryOfType(JpegDirectory.class);
      if ((frame == null || !frame.containsTag(JpegDirectory.TAG_IMAGE_WIDTH)) && n < size) {
        // The frame header lies beyond the first bytes (a large EXIF thumbnail or ICC profile).
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
          metadata = JpegMetadataReader.readMetadata(in, jpegSegmentReaders);
        }
        frame = metadata.getFirstDirectoryOfType(JpegDirectory.class);
      }
      if (frame == null
          || !frame.containsTag(JpegDirectory.TAG_IMAGE_WIDTH)
          || !frame.containsTag(JpegDirectory.TAG_IMAGE_HEIGHT)) {
        r.defect = "header cannot be read: no JPEG frame header (SOF) before the image data";
        return;
      }
      r.width = frame.getInt(JpegDirectory.TAG_IMAGE_WIDTH);
      r.height = frame.getInt(JpegDirectory.TAG_IMAGE_HEIGHT);
      if (r.width <= 0 || r.height <= 0) {
        r.defect =
            String.format(Locale.ROOT, "header cannot be read: size %dx%d", r.width, r.height);
        return;
      }
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        Integer o = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
        r.orientation = o != null && o >= 1 && o <= 8 ? o : 1;
      }
    } catch (Exception e) { // metadata-extractor throws several checked types
      r.defect = "header cannot be read: " + describe(e);
    }
  }

  /** A cheap end-of-file check: truncated downloads are the most common corrupt image. */
  private String truncation(FileChannel ch, ImageFormat format, long size, int n)
      throws IOException {
    return switch (format) {
      case WEBP -> {
        if (n < 12) {
          yield "truncated: shorter than a WebP header";
        }
        long riff =
            (head[4] & 0xffL)
                | (head[5] & 0xffL) << 8
                | (head[6] & 0xffL) << 16
                | (head[7] & 0xffL) << 24;
        yield size < riff + 8
            ? String.format(
                Locale.ROOT,
                "truncated: %d bytes of the %d the WebP header declares",
                size,
                riff + 8)
            : null;
      }
      case PNG -> {
        byte[] tail = tail(ch, size, 12);
        boolean iend =
            tail.length == 12
                && tail[4] == 'I'
                && tail[5] == 'E'
                && tail[6] == 'N'
                && tail[7] == 'D';
        yield iend ? null : "truncated: the PNG does not end with an IEND chunk";
      }
      case JPEG -> {
        byte[] tail = tail(ch, size, TAIL_BYTES);
        for (int i = tail.length - 2; i >= 0; i--) {
          if ((tail[i] & 0xff) == 0xff && (tail[i + 1] & 0xff) == 0xd9) {
            yield null;
          }
        }
        yield "truncated: no JPEG end-of-image marker in the last "
            + Math.min(size, TAIL_BYTES)
            + " bytes";
      }
    };
  }

  private byte[] tail(FileChannel ch, long size, int count) throws IOException {
    int len = (int) Math.min(size, count);
    long start = size - len;
    if (start + len <= HEAD_BYTES) {
      byte[] t = new byte[len];
      System.arraycopy(head, (int) start, t, 0, len);
      return t;
    }
    ByteBuffer buf = ByteBuffer.allocate(len);
    while (buf.hasRemaining()) {
      if (ch.read(buf, start + buf.position()) < 0) {
        break;
      }
    }
    byte[] t = new byte[buf.position()];
    buf.flip();
    buf.get(t);
    return t;
  }

  private int orientation(ImageFormat format, int n) {
    if (!mayHaveExif(format, n)) {
      return 1;
    }
    try (InputStream in = new ByteArrayInputStream(head, 0, n)) {
      Metadata metadata = ImageMetadataReader.readMetadata(in, n);
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        int o = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
        return o >= 1 && o <= 8 ? o : 1;
      }
    } catch (Exception e) { // metadata-extractor throws several checked types; EXIF is optional
      return 1;
    }
    return 1;
  }

  /**
   * Whether the file announces EXIF data before its pixels: WebP by the VP8X flag, PNG by an eXIf
   * chunk before IDAT. Only then is metadata-extractor run, which keeps header mode fast.
   */
  private boolean mayHaveExif(ImageFormat format, int n) {
    if (format == ImageFormat.WEBP) {
      return n > 20
          && head[12] == 'V'
          && head[13] == 'P'
          && head[14] == '8'
          && head[15] == 'X'
          && (head[20] & 0x08) != 0;
    }
    int pos = 8;
    while (pos + 8 <= n) {
      long length =
          (head[pos] & 0xffL) << 24
              | (head[pos + 1] & 0xffL) << 16
              | (head[pos + 2] & 0xffL) << 8
              | (head[pos + 3] & 0xffL);
      if (head[pos + 4] == 'e'
          && head[pos + 5] == 'X'
          && head[pos + 6] == 'I'
          && head[pos + 7] == 'f') {
        return true;
      }
      if (head[pos + 4] == 'I'
          && head[pos + 5] == 'D'
          && head[pos + 6] == 'A'
          && head[pos + 7] == 'T') {
        return false;
      }
      pos += 12 + length;
    }
    return false;
  }

  private String hash(FileChannel ch, int n, long size) throws IOException {
    sha256.reset();
    sha256.update(head, 0, n);
    if (n < size) {
      long pos = n;
      while (true) {
        chunk.clear();
        int read = ch.read(chunk, pos);
        if (read < 0) {
          break;
        }
        pos += read;
        chunk.flip();
        sha256.update(chunk);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private void decode(Path file, ImageFormat format, boolean deep, boolean perceptual, Result r) {
    boolean nativeWebp = format == ImageFormat.WEBP && !deep && NativeWebp.available();
    ImageReader reader = nativeWebp ? nativeWebpReader() : reader(format);
    warnings.clear();
    reader.addIIOReadWarningListener(warningListener);
    try (ImageInputStream in = decodeInput(file)) {
      reader.setInput(in, true, true);
      ImageReadParam param = reader.getDefaultReadParam();
      if (!deep && !nativeWebp) {
        // A picture of about 64 px on its short side is plenty for a 9x8 hash. libwebp decodes
        // in full: its scaler saves little (VP8 decoding dominates) and the full picture gives
        // exactly the hash of a full decode.
        int step = Math.max(1, Math.min(r.width, r.height) / 64);
        param.setSourceSubsampling(step, step, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      if (deep && !warnings.isEmpty()) {
        r.defect = "pixel data is damaged: " + warnings.get(0);
        return;
      }
      if (perceptual) {
        r.perceptualHash = OptionalLong.of(PerceptualHash.dHash(image, r.orientation));
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      r.defect = (deep ? "pixel data cannot be decoded: " : "cannot be decoded: ") + describe(e);
    } finally {
      reader.removeIIOReadWarningListener(warningListener);
      if (!nativeWebp) {
        // libwebp's reader (Kotlin) refuses reset()'s null input; setInput replaces it next time
        reader.reset();
      }
    }
  }

  /**
   * The whole file in memory: the WebP decoder reads bit by bit, and on a {@link
   * FileImageInputStream} each byte is a system call (measured 10x slower).
   */
  private static ImageInputStream decodeInput(Path file) throws IOException {
    if (Files.size(file) > MAX_IN_MEMORY) {
      return new FileImageInputStream(file.toFile());
    }
    return new MemoryCacheImageInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  private static final long MAX_IN_MEMORY = 256L << 20;

  private ImageReader nativeWebp;

  private ImageReader nativeWebpReader() {
    if (nativeWebp == null) {
      nativeWebp = NativeWebp.reader();
    }
    return nativeWebp;
  }

  /**
   * The first ImageIO reader of a format that is not libwebp's: that one reads the whole file for a
   * header and is used only for perceptual hashes ({@link NativeWebp}), and ImageIO's order between
   * plug-ins of one format is undefined.
   */
  private ImageReader reader(ImageFormat format) {
    return readers.computeIfAbsent(
        format,
        f -> {
          Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(f.imageIoName());
          while (it.hasNext()) {
            ImageReader reader = it.next();
            if (!reader.getOriginatingProvider().getClass().getName().startsWith("com.luciad.")) {
              return reader;
            }
            reader.dispose();
          }
          throw new IllegalStateException("no ImageIO reader for " + f);
        });
  }

  static String describe(Throwable e) {
    if (e instanceof EOFException) {
      return "unexpected end of file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "the file vanished during the scan";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      // The message would repeat the absolute path; the reason alone is the useful part.
      return ((FileSystemException) e).getReason().toLowerCase(Locale.ROOT);
    }
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    int nl = text.indexOf('\n');
    text = nl >= 0 ? text.substring(0, nl) : text;
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  @Override
  public void close() {
    readers.values().forEach(ImageReader::dispose);
    readers.clear();
    if (nativeWebp != null) {
      nativeWebp.dispose();
      nativeWebp = null;
    }
  }
}
