package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.ValidationReport;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the ai-toolkit config round trip and the linter. Projects are generated from a
 * seed, which QuickTheories reports (shrunk) on failure.
 */
class AiToolkitConfigProperties {
  private static final AiToolkitWriter WRITER = AiToolkitWriter.create();
  private static final String[] SOURCES = {
    "guide_train_qwen_character.yaml",
    "train_lora_flux_24gb.yaml",
    "train_lora_qwen_image_24gb.yaml",
    "train_lora_qwen_image_edit_2509_32gb.yaml",
    "train_lora_qwen_image_edit_32gb.yaml"
  };
  private static final String[] TOKENS = {
    ":", "-", " ", "  ", "\t", "[", "]", "{", "}", "&a ", "*a", "!!", "\n", "'", "\"", "#", "${X}",
    ",", "|", ">", "? ", "%", "@", "\u00e9", "\uFEFF", "\u0000", "1e-4", "null", "~", "<<: *a"
  };

  private static boolean accepted(LoraProject p) {
    return !WRITER.check(p).hasErrors();
  }

  @Test
  void writeThenRead_isTheIdentityOnWhatTheConfigModels() {
    qt().withExamples(300)
        .withGenerateAttempts(100) // about half the random projects pass the writer's checks
        .forAll(longs().all())
        .assuming(seed -> accepted(TestProjects.random(seed)))
        .checkAssert(
            seed -> {
              LoraProject p = TestProjects.random(seed);
              String yaml = WRITER.toYaml(p);
              LoraProject back =
                  AiToolkitConfigReader.read(yaml).toProject().project().orElseThrow();
              assertThat(back)
                  .as("seed %d\n%s", seed, yaml)
                  .isEqualTo(TestProjects.asConfigSees(p));
              String json = WRITER.toUiJson(p);
              LoraProject fromJson =
                  AiToolkitConfigReader.read(json).toProject().project().orElseThrow();
              assertThat(fromJson).as("seed %d json", seed).isEqualTo(TestProjects.asConfigSees(p));
            });
  }

  @Test
  void writerOutput_lintsWithoutErrorAndHasOnlyRealKeys() {
    qt().withExamples(300)
        .withGenerateAttempts(100) // about half the random projects pass the writer's checks
        .forAll(longs().all())
        .assuming(seed -> accepted(TestProjects.random(seed)))
        .checkAssert(
            seed -> {
              String yaml = WRITER.toYaml(TestProjects.random(seed));
              ValidationReport report = AiToolkitLinter.standard().lint(yaml);
              assertThat(report.errors()).as("seed %d\n%s", seed, yaml).isEmpty();
              assertThat(report.withRule("config.unknown-key")).isEmpty();
              assertThat(TestProjects.unknownKeys(AiToolkitConfigReader.read(yaml).root()))
                  .isEmpty();
              assertThat(yaml).doesNotContain("${").doesNotContain(" --");
            });
  }

  @Test
  void generator_coversEveryModelControlsAndTheWorkaround() {
    int accepted = 0;
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (long seed = 0; seed < 200; seed++) {
      LoraProject p = TestProjects.random(seed);
      if (accepted(p)) {
        accepted++;
        kinds.add(p.baseModel().id());
        if (p.archOverride().isPresent()) {
          kinds.add("workaround");
        }
        if (p.dataset().folders().stream().anyMatch(f -> !f.controlFolders().isEmpty())) {
          kinds.add("controls");
        }
        if (p.training().gradientAccumulationSteps() != 1) {
          kinds.add("legacy");
        }
        if (p.dataset().countsKnown() && p.training().length().epochs().isPresent()) {
          kinds.add("epochs");
        }
      }
    }
    assertThat(accepted).as("projects the writer accepts out of 200").isGreaterThan(100);
    assertThat(kinds)
        .contains(
            "qwen-image",
            "qwen-image-edit",
            "qwen-image-edit-2509",
            "workaround",
            "controls",
            "legacy",
            "epochs");
  }

  @Test
  void linter_neverThrowsOnMutatedConfigs() {
    qt().withExamples(500)
        .forAll(integers().between(0, SOURCES.length - 1), longs().all())
        .checkAssert(
            (source, seed) -> {
              String text = mutate(TestProjects.resource(SOURCES[source]), new Random(seed));
              ValidationReport report = AiToolkitLinter.standard().lint(text);
              assertThat(report).isNotNull();
              report.violations().forEach(v -> assertThat(v.ruleId()).isNotBlank());
            });
  }

  @Test
  void linter_neverThrowsOnArbitraryText() {
    qt().withExamples(500)
        .forAll(strings().allPossible().ofLengthBetween(0, 200))
        .checkAssert(text -> assertThat(AiToolkitLinter.standard().lint(text)).isNotNull());
  }

  private static String mutate(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(8);
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(4)) {
        case 0:
          sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(40)));
          break;
        case 1:
          sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
          break;
        case 2:
          int end = sb.indexOf("\n", at);
          int start = sb.lastIndexOf("\n", at);
          if (end > start && start >= 0) {
            sb.insert(end, sb.substring(start, end));
          }
          break;
        default:
          sb.setCharAt(at, (char) (' ' + r.nextInt(95)));
      }
    }
    return sb.toString();
  }
}
