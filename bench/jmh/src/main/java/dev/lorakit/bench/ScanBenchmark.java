package dev.lorakit.bench;

import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 2,000-image dataset of {@code bench/whole-process.sh}: the header scan of a default check,
 * and a {@code --similar} scan whose hash cache is warm (every hash from the cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class ScanBenchmark {
  private Path dataset;
  private DatasetScanner header;
  private DatasetScanner similarWarm;

  @Setup
  public void setUp() throws IOException {
    Path work = Path.of(System.getProperty("lorakit.bench.dir", "/tmp/lorakit-bench-work"));
    dataset = work.resolve("dataset");
    if (!Files.isDirectory(dataset)) {
      throw new IllegalStateException("run bench/whole-process.sh first: no " + dataset);
    }
    header = DatasetScanner.create();
    Path cache = Files.createTempDirectory("lorakit-jmh-cache");
    similarWarm =
        DatasetScanner.of(ScanOptions.builder().perceptualHash(true).hashCache(cache).build());
    similarWarm.scan(dataset); // fills the cache
  }

  @Benchmark
  public DatasetSnapshot headerScan() {
    return header.scan(dataset);
  }

  @Benchmark
  public DatasetSnapshot similarScanWarmCache() {
    return similarWarm.scan(dataset);
  }
}
