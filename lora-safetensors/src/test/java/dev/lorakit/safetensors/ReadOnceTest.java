package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.safetensors.lora.CheckpointReport;
import dev.lorakit.safetensors.lora.LoraFiles;
import dev.lorakit.safetensors.lora.LoraInspector;
import dev.lorakit.safetensors.lora.LoraStatistics;
import dev.lorakit.safetensors.lora.WeightStatistics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lorakit checkpoints --stats} does per file (CheckpointSeries: one {@link
 * SafetensorsReader#open}, {@link LoraInspector#inspect(SafetensorsFile)}, then {@link
 * LoraStatistics#compute(SafetensorsFile, CheckpointReport, int)} on the same file) touches each
 * byte of the data section through exactly one mapping and reads nothing else after the header.
 * Counted on the file's channel, not timed.
 */
class ReadOnceTest {
  /** A read-only channel that records every read and every mapping. */
  static final class CountingChannel extends FileChannel {
    final FileChannel delegate;
    long bytesRead;
    final List<long[]> mappings = new ArrayList<>();

    CountingChannel(FileChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return count(delegate.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      long n = delegate.read(dsts, offset, length);
      bytesRead += Math.max(0, n);
      return n;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return count(delegate.read(dst, position));
    }

    private int count(int n) {
      bytesRead += Math.max(0, n);
      return n;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      synchronized (mappings) {
        mappings.add(new long[] {position, size});
      }
      return delegate.map(mode, position, size);
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void force(boolean metaData) throws IOException {
      delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      long n = delegate.transferTo(position, count, target);
      bytesRead += n;
      return n;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }

  @Test
  void inspectThenStatistics_mapTheDataSectionOnceAndReadNothingElse(@TempDir Path dir)
      throws IOException {
    for (int i = 0; i < 10; i++) {
      Path file =
          LoraFiles.qwen()
              .rank(4)
              .blocks(3)
              .step(100 * (i + 1))
              .seed(i)
              .write(dir.resolve(String.format("run_%09d.safetensors", 100 * (i + 1))));
      SafetensorsHeader header = SafetensorsReader.readHeader(file);
      CountingChannel channel =
          new CountingChannel(FileChannel.open(file, StandardOpenOption.READ));
      try (SafetensorsFile f = new SafetensorsFile(file, channel, header)) {
        CheckpointReport report = LoraInspector.inspect(f);
        WeightStatistics stats = LoraStatistics.compute(f, report, 2);
        assertThat(stats.totalDeltaNorm()).isPositive();
      }

      assertThat(channel.bytesRead).as("bytes read after the header").isZero();
      long mapped = channel.mappings.stream().mapToLong(m -> m[1]).sum();
      assertThat(mapped).as("bytes mapped").isEqualTo(header.dataLength());
      assertThat(channel.mappings).as("mappings").hasSize(1);
      assertThat(channel.mappings.get(0)[0]).isEqualTo(header.dataStart());
    }
  }
}
