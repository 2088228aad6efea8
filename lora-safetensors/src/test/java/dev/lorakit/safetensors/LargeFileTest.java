package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.safetensors.internal.Floats;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3 GiB file, sparse on disk, read through per-tensor and per-segment mappings. */
class LargeFileTest {

  private static final long BIG_ELEMENTS = 3L << 29; // 3 GiB of F16

  @TempDir Path dir;

  @Test
  void open_fileAbove2GiB_mapsTensorsAndSegments() throws Exception {
    Path file = dir.resolve("big.safetensors");
    byte[] header =
        SafetensorsWriter.create()
            .add("a_big", Dtype.F16, List.of(BIG_ELEMENTS), BIG_ELEMENTS * 2, () -> null)
            .add("b_tail", Dtype.F16, List.of(4L), 8, () -> null)
            .headerBytes();
    long dataStart = header.length;
    long total = dataStart + BIG_ELEMENTS * 2 + 8;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(total);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(header), 0);
      ch.write(halves(1.5f, -2f, 3f, 65504f), dataStart + BIG_ELEMENTS * 2);
      // Elements 2^30 - 1 and 2^30 straddle the first 1 GiB segment boundary of readFloats.
      ch.write(halves(7f, -7f), dataStart + ((1L << 30) - 1) * 2);
    }

    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      assertThat(f.header().fileSize()).isEqualTo(total);
      assertThat(f.tensor("b_tail").toFloatArray()).containsExactly(1.5f, -2f, 3f, 65504f);
      Tensor big = f.tensor("a_big");
      float[] window = new float[4];
      big.readFloats((1L << 30) - 2, window, 0, 4);
      assertThat(window).containsExactly(0f, 7f, -7f, 0f);
      assertThatThrownBy(big::buffer).isInstanceOf(IllegalStateException.class);
    }
  }

  private static ByteBuffer halves(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(Floats.floatToHalf(v));
    }
    return b.flip();
  }
}
