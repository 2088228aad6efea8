package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.internal.Floats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Columns (of A) or rows (of B) decoded per block: 16 x 256 doubles stay in L1. */
  private static final int BLOCK = 256;

  /** Per-thread buffers, grown on demand. */
  private static final class Scratch {
    double[] block = new double[0];
    double[] gramDown = new double[0];
    double[] gramUp = new double[0];
    short[] shorts = new short[0];
    float[] floats = new float[0];
  }

  /**
   * Reads A (r x in) by column blocks and B (out x r) by row blocks: each block is decoded once
   * from the mapping into a small buffer, measured, and folded into the r x r Grams while it is
   * still in cache, so the weights are read once and never widened in full.
   */
  private static ModuleStatistics measure(SafetensorsFile file, LoraModule m, Scratch s) {
    TensorInfo down = file.header().tensor(m.downTensor().get()).orElseThrow();
    TensorInfo up = file.header().tensor(m.upTensor().get()).orElseThrow();
    int r = m.rank().getAsInt();
    int in = (int) (down.elementCount() / r);
    int out = (int) up.dim(0);
    if (s.block.length < r * BLOCK) {
      s.block = new double[r * BLOCK];
      s.shorts = new short[r * BLOCK];
      s.floats = new float[r * BLOCK];
    }
    if (s.gramDown.length < r * r) {
      s.gramDown = new double[r * r];
      s.gramUp = new double[r * r];
    }
    Arrays.fill(s.gramDown, 0, r * r, 0);
    Arrays.fill(s.gramUp, 0, r * r, 0);
    Reader downData = new Reader(file.data(down), down.dtype(), s);
    Reader upData = new Reader(file.data(up), up.dtype(), s);
    for (int jb = 0; jb < in; jb += BLOCK) {
      int w = Math.min(BLOCK, in - jb);
      for (int i = 0; i < r; i++) {
        downData.read(i * in + jb, w, s.block, i * w);
      }
      Gram.accumulate(s.block, r, w, w, 1, s.gramDown);
    }
    for (int ob = 0; ob < out; ob += BLOCK) {
      int w = Math.min(BLOCK, out - ob);
      upData.read(ob * r, w * r, s.block, 0);
      Gram.accumulate(s.block, r, w, 1, r, s.gramUp);
    }
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
        .downMeanAbs(downData.sum() / downCount)
        .upMeanAbs(upData.sum() / upCount)
        .meanAbs((downData.sum() + upData.sum()) / (downCount + upCount))
        .maxAbs(Math.max(downData.max(), upData.max()))
        .nonFinite(downData.nonFinite + upData.nonFinite)
        .untrained(upData.max() == 0 && upData.nonFinite == 0)
        .build();
  }

  /**
   * Decodes runs of one tensor into doubles and keeps sum and max of |w| over finite values (four
   * independent sums so the adds do not wait on each other) and a count of NaN and infinities.
   */
  private static final class Reader {
    private final ByteBuffer bytes;
    private final ShortBuffer halves;
    private final Dtype dtype;
    private final boolean bf16;
    private final Scratch scratch;
    private double s0;
    private double s1;
    private double s2;
    private double s3;
    private double m0;
    private double m1;
    long nonFinite;

    Reader(ByteBuffer bytes, Dtype dtype, Scratch scratch) {
      this.bytes = bytes.order(ByteOrder.LITTLE_ENDIAN);
      this.dtype = dtype;
      this.bf16 = dtype == Dtype.BF16;
      this.halves = dtype == Dtype.F16 || dtype == Dtype.BF16 ? this.bytes.asShortBuffer() : null;
      this.scratch = scratch;
    }

    double sum() {
      return (s0 + s1) + (s2 + s3);
    }

    double max() {
      return Math.max(m0, m1);
    }

    void read(int first, int count, double[] dst, int off) {
      if (halves != null) {
        short[] h = scratch.shorts;
        halves.get(first, h, 0, count);
        if (bf16) {
          for (int i = 0; i < count; i++) {
            dst[off + i] = Floats.bf16ToFloat(h[i]);
          }
        } else {
          for (int i = 0; i < count; i++) {
            dst[off + i] = Floats.halfToFloat(h[i]);
          }
        }
      } else {
        float[] f = scratch.floats;
        ByteBuffer at = bytes.duplicate();
        at.position(first * (dtype.bits() / 8));
        Floats.decode(at, dtype, f, 0, count);
        for (int i = 0; i < count; i++) {
          dst[off + i] = f[i];
        }
      }
      measure(dst, off, count);
    }

    private void measure(double[] a, int off, int count) {
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      double x0 = m0;
      double x1 = m1;
      int i = off;
      int end = off + count;
      for (; i + 3 < end; i += 4) {
        double v0 = Math.abs(a[i]);
        double v1 = Math.abs(a[i + 1]);
        double v2 = Math.abs(a[i + 2]);
        double v3 = Math.abs(a[i + 3]);
        t0 += v0;
        t1 += v1;
        t2 += v2;
        t3 += v3;
        x0 = v0 > x0 ? v0 : x0;
        x1 = v1 > x1 ? v1 : x1;
        x0 = v2 > x0 ? v2 : x0;
        x1 = v3 > x1 ? v3 : x1;
      }
      for (; i < end; i++) {
        double v = Math.abs(a[i]);
        t0 += v;
        x0 = v > x0 ? v : x0;
      }
      double t = (t0 + t1) + (t2 + t3);
      if (Double.isFinite(t)) {
        s0 += t0;
        s1 += t1;
        s2 += t2;
        s3 += t3;
        m0 = x0;
        m1 = x1;
        return;
      }
      // Rare: this run holds NaN or infinities; count them and keep only finite values.
      for (int j = off; j < end; j++) {
        double v = Math.abs(a[j]);
        if (v <= Double.MAX_VALUE) {
          s0 += v;
          m0 = v > m0 ? v : m0;
        } else {
          nonFinite++;
        }
      }
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
