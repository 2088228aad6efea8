package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraStatisticsTest {

  @TempDir Path dir;

  /** ||scale * B * A||_F by forming B * A in double precision from the stored values. */
  private static double reference(SafetensorsFile f, String down, String up, double scale) {
    float[] a = f.tensor(down).toFloatArray();
    float[] b = f.tensor(up).toFloatArray();
    long[] as = f.tensor(down).info().shape().stream().mapToLong(Long::longValue).toArray();
    int r = (int) as[0];
    int in = a.length / r;
    int out = b.length / r;
    double sum = 0;
    for (int o = 0; o < out; o++) {
      for (int j = 0; j < in; j++) {
        double v = 0;
        for (int k = 0; k < r; k++) {
          v += (double) b[o * r + k] * a[k * in + j];
        }
        v *= scale;
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  private static float[] random(SplittableRandom rnd, int n, double range) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * range);
    }
    return v;
  }

  @Test
  void compute_randomModules_matchFormedProductToOneInTenThousand() {
    SplittableRandom rnd = new SplittableRandom(42);
    SafetensorsWriter w = SafetensorsWriter.create();
    int[][] shapes = {{5, 37, 41}, {16, 300, 260}, {3, 8, 1000}, {1, 64, 64}, {7, 129, 33}};
    Dtype[] dtypes = {Dtype.F32, Dtype.F16, Dtype.BF16, Dtype.F32, Dtype.F16};
    for (int i = 0; i < shapes.length; i++) {
      int r = shapes[i][0];
      int in = shapes[i][1];
      int out = shapes[i][2];
      String m = "lora_unet_m" + i;
      w.addFloats(
          m + ".lora_down.weight",
          dtypes[i],
          List.of((long) r, (long) in),
          random(rnd, r * in, 0.5));
      w.addFloats(
          m + ".lora_up.weight",
          dtypes[i],
          List.of((long) out, (long) r),
          random(rnd, r * out, 0.05));
      w.addFloats(m + ".alpha", Dtype.F32, List.of(), new float[] {i + 1f});
    }
    Path file = dir.resolve("random.safetensors");
    w.write(file);

    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      CheckpointReport report = LoraInspector.inspect(f);
      WeightStatistics one = LoraStatistics.compute(f, report, 1);
      WeightStatistics two = LoraStatistics.compute(f, report, 2);

      assertThat(one.modules()).hasSize(shapes.length);
      double sumSq = 0;
      for (int i = 0; i < shapes.length; i++) {
        String m = "lora_unet_m" + i;
        double scale = (i + 1.0) / shapes[i][0];
        double expected = reference(f, m + ".lora_down.weight", m + ".lora_up.weight", scale);
        ModuleStatistics s = one.modules().get(i);
        assertThat(s.name()).isEqualTo(m);
        assertThat(s.scale()).isEqualTo(scale);
        assertThat(s.deltaNorm()).isCloseTo(expected, within(expected * 1e-4));
        assertThat(two.modules().get(i).deltaNorm()).isEqualTo(s.deltaNorm());
        sumSq += expected * expected;
      }
      assertThat(one.totalDeltaNorm()).isCloseTo(Math.sqrt(sumSq), within(Math.sqrt(sumSq) * 1e-4));
    }
  }

  @Test
  void compute_qwenShapedModule_matchesFormedProduct() {
    Path file =
        LoraFiles.qwen()
            .blocks(1)
            .layers(List.of(QwenLayer.IMG_MLP_OUT, QwenLayer.ATTN_TO_Q))
            .rank(16)
            .seed(7)
            .write(dir.resolve("q.safetensors"));

    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      WeightStatistics s = LoraStatistics.compute(f, LoraInspector.inspect(f), 2);

      for (ModuleStatistics m : s.modules()) {
        double expected =
            reference(f, m.name() + ".lora_A.weight", m.name() + ".lora_B.weight", 1.0);
        assertThat(m.deltaNorm()).isCloseTo(expected, within(expected * 1e-4));
      }
      assertThat(s.deltaNormByGroup())
          .containsKeys(QwenLayer.Group.MLP_IMAGE, QwenLayer.Group.ATTENTION_IMAGE);
      assertThat(s.deltaNormByBlock().get(0)).isCloseTo(s.totalDeltaNorm(), within(1e-12));
      assertThat(s.deltaNormByBlock().get(1)).isZero();
    }
  }

  @Test
  void compute_knownValues_reportsMeanMaxAndUntrained() {
    SafetensorsWriter w = SafetensorsWriter.create();
    w.addFloats("m.lora_A.weight", Dtype.F32, List.of(2L, 2L), new float[] {1, -2, 3, -4});
    w.addFloats("m.lora_B.weight", Dtype.F32, List.of(2L, 2L), new float[4]);
    w.addFloats("n.lora_A.weight", Dtype.F32, List.of(1L, 2L), new float[] {1, 0});
    w.addFloats("n.lora_B.weight", Dtype.F32, List.of(2L, 1L), new float[] {Float.NaN, 2});
    Path file = dir.resolve("known.safetensors");
    w.write(file);

    WeightStatistics s = LoraStatistics.compute(file);

    ModuleStatistics m = s.modules().get(0);
    assertThat(m.deltaNorm()).isZero();
    assertThat(m.downMeanAbs()).isEqualTo(2.5);
    assertThat(m.upMeanAbs()).isZero();
    assertThat(m.meanAbs()).isEqualTo(1.25);
    assertThat(m.maxAbs()).isEqualTo(4);
    assertThat(m.untrained()).isTrue();
    ModuleStatistics n = s.modules().get(1);
    assertThat(n.nonFinite()).isEqualTo(1);
    assertThat(n.untrained()).isFalse();
    assertThat(s.untrainedModules()).isEqualTo(1);
    assertThat(s.nonFinite()).isEqualTo(1);
    assertThat(s.maxAbs()).isEqualTo(4);
    assertThat(s.parameters()).isEqualTo(12);
    assertThat(s.meanAbs()).isCloseTo((10 + 1 + 2) / 12.0, within(1e-12));
  }
}
