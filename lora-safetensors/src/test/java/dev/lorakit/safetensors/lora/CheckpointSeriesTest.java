package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSeriesTest {

  @TempDir Path dir;

  @Test
  void scan_aiToolkitRunFolder_ordersByStepWithNormGrowth() throws Exception {
    int[] steps = {680, 340, 1020};
    for (int s : steps) {
      LoraFiles.qwen()
          .blocks(1)
          .rank(4)
          .step(s)
          .epoch(s / 340)
          .magnitude(s / 34000f)
          .write(dir.resolve(String.format("maya_%09d.safetensors", s)));
    }
    LoraFiles.qwen()
        .blocks(1)
        .rank(4)
        .step(1360)
        .epoch(4)
        .magnitude(0.04f)
        .write(dir.resolve("maya.safetensors"));
    Files.writeString(dir.resolve("broken.safetensors"), "not a safetensors file");
    Files.writeString(dir.resolve("notes.txt"), "ignored");

    CheckpointSeries series = CheckpointSeries.scan(dir);

    assertThat(series.rows())
        .extracting(SeriesRow::file)
        .containsExactly(
            "broken.safetensors",
            "maya_000000340.safetensors",
            "maya_000000680.safetensors",
            "maya_000001020.safetensors",
            "maya.safetensors");
    SeriesRow broken = series.rows().get(0);
    assertThat(broken.error()).hasValueSatisfying(e -> assertThat(e).contains("HeaderTooLarge"));
    SeriesRow first = series.rows().get(1);
    assertThat(first.step()).hasValue(340);
    assertThat(first.epoch()).hasValue(1);
    assertThat(first.run()).isEqualTo("maya");
    assertThat(first.normGrowth()).isEmpty();
    assertThat(first.rank()).hasValue(4);
    SeriesRow second = series.rows().get(2);
    // B values scale with the step, so the norm doubles from step 340 to 680.
    assertThat(second.normGrowth().getAsDouble()).isCloseTo(2.0, within(0.01));
    SeriesRow last = series.rows().get(4);
    assertThat(last.isFinal()).isTrue();
    assertThat(last.step()).hasValue(1360);
    assertThat(last.normGrowth().getAsDouble()).isCloseTo(4.0 / 3.0, within(0.01));
    assertThat(last.totalDeltaNorm().getAsDouble())
        .isGreaterThan(first.totalDeltaNorm().getAsDouble());
  }

  @Test
  void scan_headersOnly_hasNoNorms() {
    LoraFiles.qwen().blocks(1).rank(2).write(dir.resolve("a-000001.safetensors"));
    LoraFiles.qwen().blocks(1).rank(2).write(dir.resolve("a-000002.safetensors"));

    CheckpointSeries series = CheckpointSeries.scan(dir, false);

    assertThat(series.rows()).hasSize(2);
    assertThat(series.rows()).allSatisfy(r -> assertThat(r.totalDeltaNorm()).isEmpty());
    assertThat(series.rows()).extracting(r -> r.epoch().getAsInt()).containsExactly(1, 2);
  }

  @Test
  void runName_stripsTrainerSuffixes() {
    assertThat(CheckpointSeries.runName("maya_000000340.safetensors")).isEqualTo("maya");
    assertThat(CheckpointSeries.runName("maya-000004.safetensors")).isEqualTo("maya");
    assertThat(CheckpointSeries.runName("maya-step00000100.safetensors")).isEqualTo("maya");
    assertThat(CheckpointSeries.runName("maya_v2.safetensors")).isEqualTo("maya_v2");
  }
}
