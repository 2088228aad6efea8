package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The linter's "never throws" turns every internal exception into a {@code config.syntax-error}
 * finding ("lorakit could not check this config"), so a property that only checks that it returns
 * cannot fail. These properties check what it returns: no internal failure on any generated input,
 * and an unknown key planted at a random place of a random {@code datasets[i]} is reported at its
 * own line and column. ai-toolkit ignores such a key: {@code DatasetConfig}
 * (toolkit/config_modules.py) reads its options with {@code kwargs.get}, so an unread key is silent
 * (reference/ai-toolkit.md §5, audit "Key sets").
 */
class AiToolkitLinterFindingProperties {
  private static final AiToolkitWriter WRITER = AiToolkitWriter.create();
  private static final String[] SOURCES = {
    "guide_train_qwen_character.yaml",
    "train_lora_flux_24gb.yaml",
    "train_lora_qwen_image_24gb.yaml",
    "train_lora_qwen_image_edit_2509_32gb.yaml",
    "train_lora_qwen_image_edit_32gb.yaml"
  };
  private static final String INTERNAL = "lorakit could not check this config";

  private static List<Violation> internalFailures(ValidationReport report) {
    return report.violations().stream()
        .filter(v -> v.message().startsWith(INTERNAL) || v.ruleId().equals("engine.rule-failed"))
        .toList();
  }

  @Test
  void lint_mutatedConfigs_neverFailsInternally() {
    qt().withExamples(500)
        .forAll(integers().between(0, SOURCES.length - 1), longs().all())
        .checkAssert(
            (source, seed) -> {
              String text = ConfigMutations.mutate(TestProjects.resource(SOURCES[source]), seed);
              ValidationReport report = AiToolkitLinter.standard().lint(text);
              assertThat(internalFailures(report))
                  .as("%s seed %d:%n%s", SOURCES[source], seed, text)
                  .isEmpty();
            });
  }

  @Test
  void lint_arbitraryText_neverFailsInternally() {
    qt().withExamples(500)
        .forAll(strings().allPossible().ofLengthBetween(0, 200))
        .checkAssert(
            text -> assertThat(internalFailures(AiToolkitLinter.standard().lint(text))).isEmpty());
  }

  @Test
  void lint_writerOutput_neverFailsInternally() {
    qt().withExamples(200)
        .withGenerateAttempts(100) // about half the random projects pass the writer's checks
        .forAll(longs().all())
        .assuming(seed -> !WRITER.check(TestProjects.random(seed)).hasErrors())
        .checkAssert(
            seed -> {
              String yaml = WRITER.toYaml(TestProjects.random(seed));
              assertThat(internalFailures(AiToolkitLinter.standard().lint(yaml)))
                  .as("seed %d", seed)
                  .isEmpty();
            });
  }

  @Test
  void lint_unknownKeyPlantedInADatasetEntry_isReportedAtItsLine() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              String yaml =
                  r.nextInt(3) == 0
                      ? TestProjects.resource(SOURCES[r.nextInt(SOURCES.length)])
                      : WRITER.toYaml(acceptedProject(r));
              Optional<Planted> planted = Planted.into(yaml, r);
              if (planted.isEmpty()) {
                return; // no datasets entry with two keys (a config without datasets)
              }
              Planted p = planted.get();
              ValidationReport report = AiToolkitLinter.standard().lint(p.text);

              assertThat(report.withRule("config.unknown-key"))
                  .as("seed %d, %s planted at line %d:%n%s", seed, p.path, p.line, p.text)
                  .anySatisfy(
                      v -> {
                        assertThat(v.path()).isEqualTo(p.path);
                        assertThat(v.location()).contains(SourceLocation.of(p.line, p.column));
                      });
              assertThat(internalFailures(report)).isEmpty();
            });
  }

  /** A random project the writer accepts (it refuses projects with errors). */
  private static dev.lorakit.core.project.LoraProject acceptedProject(Random r) {
    while (true) {
      dev.lorakit.core.project.LoraProject p = TestProjects.random(r.nextLong());
      if (!WRITER.check(p).hasErrors()) {
        return p;
      }
    }
  }

  /** A config text with one unknown key inserted before a key (not the first) of datasets[i]. */
  static final class Planted {
    final String text;
    final String path;
    final int line;
    final int column;

    private Planted(String text, String path, int line, int column) {
      this.text = text;
      this.path = path;
      this.line = line;
      this.column = column;
    }

    static Optional<Planted> into(String yaml, Random r) {
      AiToolkitConfig config = AiToolkitConfigReader.read(yaml);
      List<String> entries = new ArrayList<>();
      for (int i = 0;
          Paths.find(config.root(), "config.process[0].datasets[" + i + "]").isPresent();
          i++) {
        entries.add("config.process[0].datasets[" + i + "]");
      }
      if (entries.isEmpty()) {
        return Optional.empty();
      }
      String entry = entries.get(r.nextInt(entries.size()));
      if (!(Paths.find(config.root(), entry).orElseThrow() instanceof ConfigNode.MapNode map)) {
        return Optional.empty();
      }
      List<ConfigNode.Entry> keys = new ArrayList<>(map.entries().values());
      if (keys.size() < 2) {
        return Optional.empty();
      }
      // Before any key but the first: the first sits behind the list's "- ".
      ConfigNode.Entry before = keys.get(1 + r.nextInt(keys.size() - 1));
      SourceLocation at = before.keyLocation().orElseThrow();
      String key =
          "planted_" + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26)) + "_key";
      String[] value = {"1", "true", "\"x\"", "[1, 2]", "null"};
      String line = " ".repeat(at.column() - 1) + key + ": " + value[r.nextInt(value.length)];
      List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
      lines.add(at.line() - 1, line);
      return Optional.of(
          new Planted(String.join("\n", lines), entry + "." + key, at.line(), at.column()));
    }
  }
}
