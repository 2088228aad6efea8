package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.internal.Floats;
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
    double[] down = new double[0];
    double[] up = new double[0];
    double[] gramDown = new double[0];
    double[] gramUp = new double[0];

    static double[] ensure(double[] a, int n) {
      return a.length >= n ? a : new double[n];
    }
  }

  private static ModuleStatistics measure(SafetensorsFile file, LoraModule m, Scratch s) {
    TensorInfo down = file.header().tensor(m.downTensor().get()).orElseThrow();
    TensorInfo up = file.header().tensor(m.upTensor().get()).orElseThrow();
    int r = m.rank().getAsInt();
    int in = (int) (down.elementCount() / r);
    int out = (int) up.dim(0);
    s.down = Scratch.ensure(s.down, r * in);
    s.up = Scratch.ensure(s.up, r * out);
    Floats.decode(file.data(down), down.dtype(), s.down, r * in);
    Floats.decode(file.data(up), up.dtype(), s.up, r * out);
    AbsStats downAbs = AbsStats.of(s.down, r * in);
    AbsStats upAbs = AbsStats.of(s.up, r * out);
    if (s.gramDown.length < r * r) {
      s.gramDown = new double[r * r];
      s.gramUp = new double[r * r];
    }
    // A is r x in row-major; B is out x r row-major, read as its r x out transpose in place.
    Gram.compute(s.down, r, in, in, 1, s.gramDown);
    Gram.compute(s.up, r, out, 1, r, s.gramUp);
    double sq = 0;
    for (int i = 0; i < r; i++) {
      sq += s.gramDown[i * r + i] * s.gramUp[i * r + i];
      for (int k = i + 1; k < r; k++) {
        sq += 2 * s.gramDown[i * r + k] * s.gramUp[i * r + k];
      }
    }
    double scale = m.scale().orElse(1.0);
    double norm = Math.abs(scale) * Math.sqrt(Math.max(0, sq));
    long downCount = (long) r * in;
    long upCount = (long) r * out;
    return ModuleStatistics.builder()
        .name(m.name())
        .modulePath(m.modulePath())
        .block(m.block())
        .layer(m.layer())
        .rank(r)
        .scale(scale)
        .deltaNorm(norm)
        .parameters(downCount + upCount)
        .downMeanAbs(downAbs.sum / downCount)
        .upMeanAbs(upAbs.sum / upCount)
        .meanAbs((downAbs.sum + upAbs.sum) / (downCount + upCount))
        .maxAbs(Math.max(downAbs.max, upAbs.max))
        .nonFinite(downAbs.nonFinite + upAbs.nonFinite)
        .untrained(upAbs.max == 0 && upAbs.nonFinite == 0)
        .build();
  }

  /** Sum and max of |w| over finite values, and the count of NaN and infinite ones. */
  private static final class AbsStats {
    double sum;
    double max;
    long nonFinite;

    static AbsStats of(double[] a, int n) {
      AbsStats st = new AbsStats();
      // Four independent sums keep the adds from waiting on each other.
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double m0 = 0;
      double m1 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        double v0 = Math.abs(a[i]);
        double v1 = Math.abs(a[i + 1]);
        double v2 = Math.abs(a[i + 2]);
        double v3 = Math.abs(a[i + 3]);
        s0 += v0;
        s1 += v1;
        s2 += v2;
        s3 += v3;
        m0 = v0 > m0 ? v0 : m0;
        m1 = v1 > m1 ? v1 : m1;
        m0 = v2 > m0 ? v2 : m0;
        m1 = v3 > m1 ? v3 : m1;
      }
      for (; i < n; i++) {
        double v = Math.abs(a[i]);
        s0 += v;
        m0 = v > m0 ? v : m0;
      }
      double sum = (s0 + s1) + (s2 + s3);
      double max = Math.max(m0, m1);
      if (Double.isFinite(sum) && max <= Double.MAX_VALUE) {
        st.sum = sum;
        st.max = max;
        return st;
      }
      // Rare: recount excluding NaN and infinities.
      for (int j = 0; j < n; j++) {
        double v = Math.abs(a[j]);
        if (v <= Double.MAX_VALUE) {
          st.sum += v;
          st.max = Math.max(st.max, v);
        } else {
          st.nonFinite++;
        }
      }
      return st;
    }
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
