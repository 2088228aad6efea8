package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectFileProperties {

  private static LoraProject withExtras(long seed) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    LoraProject p = TestProjects.random(seed);
    var hardware =
        HardwareTarget.builder()
            .gpuType("NVIDIA RTX " + r.nextInt(9999))
            .memoryGb(8 + r.nextInt(180));
    if (r.nextBoolean()) {
      hardware.pricePerHour(0.1 + r.nextInt(500) / 100.0);
    }
    return ImmutableLoraProject.copyOf(p)
        .withHardware(hardware.build())
        .withEvaluation(
            EvaluationSettings.builder()
                .prompts(
                    List.of("[trigger], portrait \"quoted\" \u00e9\t" + r.nextInt(), "line\nbreak"))
                .strengths(List.of(0.5 + r.nextInt(5) / 10.0, 1.0))
                .seedsPerPrompt(1 + r.nextInt(10))
                .build());
  }

  @Test
  void writeThenLoad_isTheIdentity() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              LoraProject p = withExtras(seed);
              String yaml = ProjectWriter.toYaml(p);
              assertThat(ProjectLoader.read(yaml)).as("seed %d\n%s", seed, yaml).isEqualTo(p);
            });
  }

  @Test
  void writeThenLoad_keepsArbitraryText() {
    qt().withExamples(300)
        .forAll(strings().allPossible().ofLengthBetween(1, 40))
        .checkAssert(
            text -> {
              LoraProject p =
                  ImmutableLoraProject.copyOf(TestProjects.guide())
                      .withName(text)
                      .withArchOverride(text);
              assertThat(ProjectLoader.read(ProjectWriter.toYaml(p))).isEqualTo(p);
            });
  }

  @Test
  void loader_neverThrowsAnythingButValidationErrors() {
    qt().withExamples(300)
        .forAll(strings().allPossible().ofLengthBetween(0, 120))
        .checkAssert(
            text -> {
              try {
                ProjectLoader.read(text);
              } catch (LoraValidationException e) {
                assertThat(e.report().hasErrors()).isTrue();
              }
            });
  }
}
