package dev.lorakit.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Entry points for reading safetensors files.
 *
 * <p>{@link #readHeader(Path)} reads exactly {@code 8 + N} bytes, so inspecting a 1.2 GB file costs
 * the same as a 30 MB one. Every check of the reference reader is applied, in its order; duplicate
 * keys are rejected as well. Problems are thrown as {@link SafetensorsException} subclasses.
 *
 * <pre>{@code
 * SafetensorsHeader header = SafetensorsReader.readHeader(Path.of("lora.safetensors"));
 * try (SafetensorsFile file = SafetensorsReader.open(Path.of("lora.safetensors"))) {
 *   float[] a = file.tensor("diffusion_model.transformer_blocks.0.attn.to_q.lora_A.weight").toFloatArray();
 * }
 * }</pre>
 */
public final class SafetensorsReader {

  /** The reference limit on N: 100,000,000 bytes. */
  public static final long MAX_HEADER_SIZE = HeaderParser.MAX_HEADER_SIZE;

  private SafetensorsReader() {}

  /** Reads and validates the header of a file; reads {@code 8 + N} bytes and nothing else. */
  public static SafetensorsHeader readHeader(Path file) {
    try (FileChannel ch = openChannel(file)) {
      return readHeader(ch, file);
    } catch (IOException e) {
      throw io(file, e);
    }
  }

  /** Opens a file for header and memory-mapped tensor access; close it when done. */
  public static SafetensorsFile open(Path file) {
    FileChannel ch = openChannel(file);
    try {
      SafetensorsHeader header = readHeader(ch, file);
      return new SafetensorsFile(file, ch, header);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException) {
        throw io(file, (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  /** Parses a whole safetensors file held in memory, for tests, fuzzing and network buffers. */
  public static SafetensorsHeader parse(byte[] fileBytes) {
    Objects.requireNonNull(fileBytes, "fileBytes");
    ByteBuffer all = ByteBuffer.wrap(fileBytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = HeaderParser.checkLength(all, fileBytes.length, null);
    ByteBuffer header = ByteBuffer.wrap(fileBytes, 8, (int) n);
    return HeaderParser.parse(header, fileBytes.length, null);
  }

  static FileChannel openChannel(Path file) {
    Objects.requireNonNull(file, "file");
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new SafetensorsIoException(SafetensorsErrorKind.IO_ERROR, "no such file", file, e);
    } catch (IOException e) {
      throw io(file, e);
    }
    // Checked before opening: opening a FIFO for reading blocks until a writer appears.
    if (!attrs.isRegularFile()) {
      String what = attrs.isDirectory() ? "a directory" : "not a regular file";
      throw new SafetensorsIoException(
          SafetensorsErrorKind.IO_ERROR, "path is " + what, file, null);
    }
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw io(file, e);
    }
  }

  private static SafetensorsHeader readHeader(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, first, 0);
    first.flip();
    long n = HeaderParser.checkLength(first, size, file);
    ByteBuffer header = ByteBuffer.allocate((int) n);
    readFully(ch, header, 8);
    if (header.hasRemaining()) {
      // The file shrank between size() and read().
      throw new SafetensorsHeaderException(
          SafetensorsErrorKind.INVALID_HEADER_LENGTH,
          "file ended inside the " + n + "-byte header",
          file,
          null);
    }
    header.flip();
    return HeaderParser.parse(header, size, file);
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int r = ch.read(dst, pos);
      if (r < 0) {
        return;
      }
      pos += r;
    }
  }

  static SafetensorsIoException io(Path file, IOException e) {
    return new SafetensorsIoException(
        SafetensorsErrorKind.IO_ERROR,
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        file,
        e);
  }
}
