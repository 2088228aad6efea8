package dev.lorakit.runpod.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunRulesTest {
  private static List<RunSnapshot.Loss> curve(int to, IntToDoubleFunction f) {
    List<RunSnapshot.Loss> out = new ArrayList<>();
    for (int s = 1; s <= to; s++) {
      out.add(RunSnapshot.Loss.of(s, OptionalDouble.of(f.applyAsDouble(s))));
    }
    return out;
  }

  private static List<String> ids(RunSnapshot s) {
    return RuleCatalogue.standard().check(RunRules.RUN, s).violations().stream()
        .map(Violation::ruleId)
        .collect(Collectors.toList());
  }

  private static ImmutableRunSnapshot.Builder snapshot(int step) {
    return RunSnapshot.builder().step(step).totalSteps(3000);
  }

  @Test
  void catalogue_listsEveryRedFlagUnderTheRunSubject() {
    assertThat(RuleCatalogue.standard().of(RunRules.RUN).stream().map(d -> d.id()))
        .containsExactlyInAnyOrder(
            "run.loss-nan",
            "run.loss-spike",
            "run.loss-plateau",
            "run.samples-memorised",
            "run.samples-oversaturated",
            "run.vram-unstable");
    assertThat(RuleCatalogue.standard().of(RunRules.RUN))
        .allMatch(d -> d.source().startsWith("guide: "));
  }

  @Test
  void check_fallingLoss_isClean() {
    RunSnapshot s = snapshot(800).loss(curve(800, x -> 0.1 + 0.5 * Math.exp(-x / 300.0))).build();

    assertThat(ids(s)).isEmpty();
  }

  @Test
  void check_flatLossBeforeStep1000_isAPlateau() {
    RunSnapshot s = snapshot(600).loss(curve(600, x -> 0.3)).build();

    List<Violation> v = RuleCatalogue.standard().check(RunRules.RUN, s).violations();

    assertThat(v).extracting(Violation::ruleId).containsExactly("run.loss-plateau");
    assertThat(v.get(0).message()).contains("steps 400-600").contains("before step 1000");
  }

  @Test
  void check_flatLossOnlyAfterStep1000_isNoPlateau() {
    // Falls until 1000, then flat: the guide's red flag is an early plateau only.
    RunSnapshot s =
        snapshot(1600).loss(curve(1600, x -> x < 1000 ? 0.6 - x * 0.0004 : 0.2)).build();

    assertThat(ids(s)).doesNotContain("run.loss-plateau");
  }

  @Test
  void check_nullLossValue_isNanError() {
    List<RunSnapshot.Loss> loss = new ArrayList<>(curve(100, x -> 0.4));
    loss.add(RunSnapshot.Loss.of(101, OptionalDouble.empty()));
    RunSnapshot s = snapshot(101).loss(loss).build();

    List<Violation> v = RuleCatalogue.standard().check(RunRules.RUN, s).violations();

    assertThat(v).extracting(Violation::ruleId).containsExactly("run.loss-nan");
    assertThat(v.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(v.get(0).message()).isEqualTo("loss at step 101 is NaN or infinite");
  }

  @Test
  void check_lossFourTimesTheMedian_isASpike() {
    RunSnapshot s = snapshot(60).loss(curve(60, x -> x == 50 ? 1.6 : 0.4)).build();

    assertThat(ids(s)).containsExactly("run.loss-spike");
  }

  private static BufferedImage picture(int seed, boolean saturated) {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int v = 90 + (x * 3 + y * seed) % 80;
        img.setRGB(x, y, saturated ? (x < 32 ? 0xff0000 : 0x0000ff) : (v << 16) | (v << 8) | v);
      }
    }
    return img;
  }

  @Test
  void check_sampleIdenticalToATrainingImage_isMemorised() {
    ImageStats image = ImageStats.of("img001.png", 0, picture(5, false));
    ImageStats sample = ImageStats.of("1__000000500_0.png", 500, picture(5, false));
    ImageStats other = ImageStats.of("1__000000250_0.png", 250, picture(11, true));

    RunSnapshot s = snapshot(500).addDataset(image).addSamples(sample).build();
    RunSnapshot t = snapshot(500).addDataset(image).addSamples(other).build();

    assertThat(ids(s)).containsExactly("run.samples-memorised");
    assertThat(ids(t)).doesNotContain("run.samples-memorised");
  }

  @Test
  void check_samplesFarMoreSaturatedThanTheDataset_areOversaturated() {
    ImageStats grey = ImageStats.of("img001.png", 0, picture(5, false));
    ImageStats loud = ImageStats.of("1__000000750_0.png", 750, picture(7, true));

    assertThat(grey.saturation()).isZero();
    assertThat(loud.saturation()).isEqualTo(1.0);
    assertThat(ids(snapshot(750).addDataset(grey).addSamples(loud).build()))
        .containsExactly("run.samples-oversaturated");
  }

  @Test
  void check_vramGrowingPastTenPercentOfTheCard_isUnstable() {
    List<Double> stable = List.of(9000.0, 20000.0, 30000.0, 30100.0, 30050.0, 30200.0);
    List<Double> growing = List.of(9000.0, 20000.0, 30000.0, 31000.0, 33000.0, 36000.0);

    assertThat(ids(snapshot(500).memoryUsedMb(stable).memoryTotalMb(46068).build())).isEmpty();
    assertThat(ids(snapshot(500).memoryUsedMb(growing).memoryTotalMb(46068).build()))
        .containsExactly("run.vram-unstable");
  }
}
