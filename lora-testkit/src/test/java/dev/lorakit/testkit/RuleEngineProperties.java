package dev.lorakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rule engine's properties over generated projects. QuickTheories prints the falsifying seed
 * (the long) and its own seed on failure; rerun with {@code -DQT_SEED=...}.
 */
class RuleEngineProperties {
  private static final RuleEngine ENGINE = RuleEngine.qwenCharacter();
  private static final List<String> BREAKABLE = new ArrayList<>(ProjectGenerators.breakableRules());

  @Test
  void validProjects_haveNoErrorsAndNoWarnings() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              LoraProject project = ProjectGenerators.validProject(new SplittableRandom(seed));
              ValidationReport report = ENGINE.check(project);
              assertThat(report.violations()).as("seed %d", seed).isEmpty();
            });
  }

  @Test
  void brokenProjects_reportTheBrokenRule() {
    qt().withExamples(1000)
        .forAll(longs().all(), integers().between(0, BREAKABLE.size() - 1))
        .checkAssert(
            (seed, index) -> {
              String rule = BREAKABLE.get(index);
              LoraProject project =
                  ProjectGenerators.brokenProject(new SplittableRandom(seed), rule);
              assertThat(ENGINE.check(project).violations())
                  .as("seed %d, rule %s", seed, rule)
                  .extracting(Violation::ruleId)
                  .contains(rule);
            });
  }

  @Test
  void everyBreakableRule_isBrokenAtLeastOnce() {
    for (String rule : BREAKABLE) {
      LoraProject project =
          ProjectGenerators.brokenProject(new SplittableRandom(rule.hashCode()), rule);
      assertThat(ENGINE.check(project).withRule(rule)).as(rule).isNotEmpty();
    }
  }

  @Test
  void arbitraryProjects_neverThrowAndNeverFailARule() {
    qt().withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              LoraProject project = ProjectGenerators.arbitraryProject(new SplittableRandom(seed));
              ValidationReport report = ENGINE.check(project);
              assertThat(report.withRule("engine.rule-failed")).as("seed %d", seed).isEmpty();
            });
  }

  @Test
  void breakableRules_coverEveryAutomaticRuleExceptTheEngines() {
    List<String> automatic = new ArrayList<>();
    ENGINE.catalogue().rules().stream()
        .filter(r -> r.subject().equals(dev.lorakit.core.project.Subjects.PROJECT))
        .forEach(r -> automatic.add(r.id()));
    automatic.remove("engine.rule-failed");

    assertThat(ProjectGenerators.breakableRules()).containsAll(automatic);
  }
}
