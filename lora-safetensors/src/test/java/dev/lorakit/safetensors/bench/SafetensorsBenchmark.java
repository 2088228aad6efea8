package dev.lorakit.safetensors.bench;

import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.lora.CheckpointReport;
import dev.lorakit.safetensors.lora.LoraFiles;
import dev.lorakit.safetensors.lora.LoraInspector;
import dev.lorakit.safetensors.lora.LoraStatistics;
import dev.lorakit.safetensors.lora.WeightStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures header-only inspection of 30 MB, 295 MB and 1.2 GB ai-toolkit-style Qwen LoRAs and warm
 * statistics over the 295 MB one. Not a test: run it by hand (see docs/safetensors-performance.md).
 *
 * <pre>
 * java -cp ... dev.lorakit.safetensors.bench.SafetensorsBenchmark [work-dir] [--inspect-only]
 * </pre>
 *
 * <p>{@code --inspect-only} writes and inspects the two small files only (84 and 840 modules) and
 * skips the statistics.
 */
public final class SafetensorsBenchmark {

  private SafetensorsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/lorakit-bench");
    boolean inspectOnly = Arrays.asList(args).contains("--inspect-only");
    Files.createDirectories(dir);
    Path small = generate(dir.resolve("qwen_r16_6blocks.safetensors"), 16, 6);
    Path tiny = generate(dir.resolve("qwen_r2_60blocks.safetensors"), 2, 60);
    Path main = inspectOnly ? null : generate(dir.resolve("qwen_r16_60blocks.safetensors"), 16, 60);
    Path large =
        inspectOnly ? null : generate(dir.resolve("qwen_r64_60blocks.safetensors"), 64, 60);

    System.out.printf(
        Locale.ROOT,
        "cores=%d java=%s %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
    for (Path p : inspectOnly ? new Path[] {small, tiny} : new Path[] {small, tiny, main, large}) {
      for (int i = 0; i < 200; i++) {
        LoraInspector.inspect(p);
      }
      double[] header = new double[100];
      double[] inspect = new double[100];
      for (int i = 0; i < header.length; i++) {
        long t0 = System.nanoTime();
        SafetensorsReader.readHeader(p);
        long t1 = System.nanoTime();
        CheckpointReport r = LoraInspector.inspect(p);
        long t2 = System.nanoTime();
        header[i] = (t1 - t0) / 1e6;
        inspect[i] = (t2 - t1) / 1e6;
        if (r.moduleCount() % 14 != 0) {
          throw new IllegalStateException("unexpected module count " + r.moduleCount());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "inspect %-32s %,14d bytes  readHeader median %.2f ms p90 %.2f ms"
              + "  LoraInspector.inspect median %.2f ms p90 %.2f ms%n",
          p.getFileName(),
          Files.size(p),
          median(header),
          p90(header),
          median(inspect),
          p90(inspect));
    }
    for (int threads : inspectOnly ? new int[0] : new int[] {1, 2}) {
      for (int i = 0; i < 5; i++) {
        LoraStatistics.compute(main, threads);
      }
      double[] t = new double[15];
      double[] cpu = new double[t.length];
      WeightStatistics s = null;
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int i = 0; i < t.length; i++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        s = LoraStatistics.compute(main, threads);
        t[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
      }
      System.out.printf(
          Locale.ROOT,
          "statistics %s threads=%d wall median %.1f ms min %.1f ms p90 %.1f ms;"
              + " process CPU median %.1f ms min %.1f ms (total norm %.6f)%n",
          main.getFileName(),
          threads,
          median(t),
          Arrays.stream(t).min().orElse(0),
          p90(t),
          median(cpu),
          Arrays.stream(cpu).min().orElse(0),
          s.totalDeltaNorm());
    }
    System.out.printf(
        Locale.ROOT,
        "load average at end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static Path generate(Path file, int rank, int blocks) {
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      LoraFiles.qwen().rank(rank).blocks(blocks).step(340).epoch(4).write(file);
      System.out.printf(
          Locale.ROOT,
          "generated %s in %.1f s%n",
          file.getFileName(),
          (System.nanoTime() - t0) / 1e9);
    }
    return file;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double p90(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) (s.length * 0.9)];
  }
}
