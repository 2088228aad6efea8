package dev.lorakit.bench;

import dev.lorakit.safetensors.lora.CheckpointReport;
import dev.lorakit.safetensors.lora.LoraInspector;
import dev.lorakit.safetensors.lora.LoraStatistics;
import dev.lorakit.safetensors.lora.WeightStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inspection (header only) of 37 MB, 295 MB and 1.18 GB LoRAs, and statistics of the 295 MB one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LoraBenchmark {
  @Param({"qwen_r2_60blocks", "qwen_r16_60blocks", "qwen_r64_60blocks"})
  public String file;

  private Path path;

  @Setup
  public void setUp() {
    Path work = Path.of(System.getProperty("lorakit.bench.dir", "/tmp/lorakit-bench-work"));
    path = work.resolve("loras").resolve(file + ".safetensors");
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("run bench/whole-process.sh first: no " + path);
    }
  }

  @Benchmark
  public CheckpointReport inspect() {
    return LoraInspector.inspect(path);
  }

  /** Both cores, as {@code checkpoints --stats} uses them. */
  @Benchmark
  public WeightStatistics statistics() {
    return LoraStatistics.compute(path, 2);
  }
}
