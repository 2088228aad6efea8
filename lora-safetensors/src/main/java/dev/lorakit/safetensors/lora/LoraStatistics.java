package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.internal.Floats;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes {@link WeightStatistics} of a LoRA file. The norm of each module's weight change ||scale
 * * B * A||_F is computed as sqrt(sum((A A^T) .* (B^T B))) from two r x r Gram matrices, never
 * forming the out x in product; the weights are read once through a memory mapping, and modules are
 * shared among {@code parallelism} threads.
 *
 * <pre>{@code
 * WeightStatistics s = LoraStatistics.compute(Path.of("maya_000000340.safetensors"));
 * s.modules().get(0).deltaNorm();
 * }</pre>
 */
public final class LoraStatistics {

  private LoraStatistics() {}

  /** Statistics using every available processor. */
  public static WeightStatistics compute(Path file) {
    return compute(file, Runtime.getRuntime().availableProcessors());
  }

  public static WeightStatistics compute(Path file, int parallelism) {
    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      return compute(f, LoraInspector.inspect(f), parallelism);
    }
  }

  /** Statistics of an open file whose report is already known. */
  public static WeightStatistics compute(
      SafetensorsFile file, CheckpointReport report, int parallelism) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(report, "report");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
    }
    List<LoraModule> measurable = new ArrayList<>();
    int skipped = 0;
    for (LoraModule m : report.modules()) {
      if (m.downTensor().isPresent()
          && m.upTensor().isPresent()
          && m.rank().isPresent()
          && (m.format() != dev.lorakit.core.checkpoint.CheckpointFormat.LOHA)
          && (m.format() != dev.lorakit.core.checkpoint.CheckpointFormat.LOKR)
          && decodable(file, m)) {
        measurable.add(m);
      } else {
        skipped++;
      }
    }
    ModuleStatistics[] results = new ModuleStatistics[measurable.size()];
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          Scratch scratch = new Scratch();
          int i;
          while ((i = next.getAndIncrement()) < results.length) {
            results[i] = measure(file, measurable.get(i), scratch);
          }
        };
    int threads = Math.min(parallelism, Math.max(1, results.length));
    if (threads == 1) {
      worker.run();
    } else {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> {
                Thread t = new Thread(r, "lorakit-statistics");
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads - 1; t++) {
          futures.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing statistics", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        throw new IllegalStateException(c);
      } finally {
        pool.shutdownNow();
      }
    }
    return summarise(report.file(), List.of(results), skipped);
  }

  private static boolean decodable(SafetensorsFile file, LoraModule m) {
    TensorInfo down = file.header().tensor(m.downTensor().get()).orElseThrow();
    TensorInfo up = file.header().tensor(m.upTensor().get()).orElseThrow();
    int r = m.rank().getAsInt();
    return down.dtype().decodesToFloat()
        && up.dtype().decodesToFloat()
        && r > 0
        && down.shape().size() >= 2
        && up.shape().size() >= 2
        && down.dim(0) == r
        && down.elementCount() % r == 0
        && up.elementCount() % r == 0
        && up.dim(0) * r == up.elementCount()
        && down.elementCount() <= Integer.MAX_VALUE - 8
        && up.elementCount() <= Integer.MAX_VALUE - 8;
  }

  /** Per-thread buffers, grown on demand. */
  private static final class Scratch {
    float[] down = new float[0];
    float[] up = new float[0];
    float[] upT = new float[0];
    double[] gramDown = new double[0];
    double[] gramUp = new double[0];

    float[] ensure(float[] a, int n) {
      return a.length >= n ? a : new float[n];
    }
  }

  private static ModuleStatistics measure(SafetensorsFile file, LoraModule m, Scratch s) {
    TensorInfo down = file.header().tensor(m.downTensor().get()).orElseThrow();
    TensorInfo up = file.header().tensor(m.upTensor().get()).orElseThrow();
    int r = m.rank().getAsInt();
    int in = (int) (down.elementCount() / r);
    int out = (int) up.dim(0);
    s.down = s.ensure(s.down, r * in);
    s.up = s.ensure(s.up, r * out);
    s.upT = s.ensure(s.upT, r * out);
    decode(file, down, s.down, r * in);
    decode(file, up, s.up, r * out);
    double[] downAbs = absStats(s.down, r * in);
    double[] upAbs = absStats(s.up, r * out);
    // B is out x r; its transpose (r x out) lets both Grams use the same row kernel.
    float[] b = s.up;
    float[] bt = s.upT;
    for (int o = 0; o < out; o++) {
      int row = o * r;
      for (int k = 0; k < r; k++) {
        bt[k * out + o] = b[row + k];
      }
    }
    if (s.gramDown.length < r * r) {
      s.gramDown = new double[r * r];
      s.gramUp = new double[r * r];
    }
    Gram.rows(s.down, r, in, s.gramDown);
    Gram.rows(bt, r, out, s.gramUp);
    double sq = 0;
    for (int i = 0; i < r; i++) {
      sq += s.gramDown[i * r + i] * s.gramUp[i * r + i];
      for (int k = i + 1; k < r; k++) {
        sq += 2 * s.gramDown[i * r + k] * s.gramUp[i * r + k];
      }
    }
    double scale = m.scale().orElse(1.0);
    double norm = Math.abs(scale) * Math.sqrt(Math.max(0, sq));
    long count = (long) r * in + (long) r * out;
    return ModuleStatistics.builder()
        .name(m.name())
        .modulePath(m.modulePath())
        .block(m.block())
        .layer(m.layer())
        .rank(r)
        .scale(scale)
        .deltaNorm(norm)
        .parameters(count)
        .downMeanAbs(downAbs[0] / ((long) r * in))
        .upMeanAbs(upAbs[0] / ((long) r * out))
        .meanAbs((downAbs[0] + upAbs[0]) / count)
        .maxAbs(Math.max(downAbs[1], upAbs[1]))
        .nonFinite((long) (downAbs[2] + upAbs[2]))
        .untrained(upAbs[3] == 0)
        .build();
  }

  private static void decode(SafetensorsFile file, TensorInfo t, float[] dst, int count) {
    ByteBuffer data = file.data(t);
    Floats.decode(data, t.dtype(), dst, 0, count);
  }

  /** {sum |w| (finite), max |w| (finite), non-finite count, nonzero count}. */
  private static double[] absStats(float[] a, int n) {
    double sum = 0;
    float max = 0;
    int nonFinite = 0;
    int nonZero = 0;
    for (int i = 0; i < n; i++) {
      float v = Math.abs(a[i]);
      if (v <= Float.MAX_VALUE) {
        sum += v;
        max = Math.max(max, v);
      } else {
        nonFinite++;
      }
      nonZero += a[i] != 0 ? 1 : 0;
    }
    return new double[] {sum, max, nonFinite, nonZero};
  }

  private static WeightStatistics summarise(String file, List<ModuleStatistics> ms, int skipped) {
    double sumSq = 0;
    double sumNorm = 0;
    double maxNorm = 0;
    String maxModule = null;
    double absSum = 0;
    long params = 0;
    double maxAbs = 0;
    long nonFinite = 0;
    int untrained = 0;
    Map<QwenLayer.Group, Double> byGroup = new EnumMap<>(QwenLayer.Group.class);
    double[] byBlock = new double[QwenLayer.BLOCKS];
    for (ModuleStatistics m : ms) {
      double n = m.deltaNorm();
      if (Double.isFinite(n)) {
        sumSq += n * n;
        sumNorm += n;
      }
      if (maxModule == null || n > maxNorm) {
        maxNorm = n;
        maxModule = m.name();
      }
      params += m.parameters();
      absSum += m.meanAbs() * m.parameters();
      maxAbs = Math.max(maxAbs, m.maxAbs());
      nonFinite += m.nonFinite();
      untrained += m.untrained() ? 1 : 0;
      if (m.layer().isPresent()) {
        byGroup.merge(m.layer().get().group(), n * n, Double::sum);
      }
      if (m.block().isPresent() && m.block().getAsInt() < QwenLayer.BLOCKS) {
        byBlock[m.block().getAsInt()] += n * n;
      }
    }
    byGroup.replaceAll((g, v) -> Math.sqrt(v));
    List<Double> blocks = new ArrayList<>(QwenLayer.BLOCKS);
    for (double v : byBlock) {
      blocks.add(Math.sqrt(v));
    }
    return WeightStatistics.builder()
        .file(file)
        .modules(ms)
        .skippedModules(skipped)
        .totalDeltaNorm(Math.sqrt(sumSq))
        .meanDeltaNorm(ms.isEmpty() ? 0 : sumNorm / ms.size())
        .maxDeltaNorm(maxNorm)
        .maxDeltaNormModule(java.util.Optional.ofNullable(maxModule))
        .meanAbs(params == 0 ? 0 : absSum / params)
        .maxAbs(maxAbs)
        .nonFinite(nonFinite)
        .untrainedModules(untrained)
        .deltaNormByGroup(byGroup)
        .deltaNormByBlock(Collections.unmodifiableList(blocks))
        .parameters(params)
        .build();
  }
}
