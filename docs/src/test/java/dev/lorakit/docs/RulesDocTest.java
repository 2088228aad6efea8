package dev.lorakit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules.md} is generated from the one rule catalogue; this test fails when they differ.
 * Regenerate with {@code mvn -pl docs -am verify -Dlorakit.regenerate=true}.
 */
class RulesDocTest {
  private static final Path RULES_MD =
      Path.of(System.getProperty("basedir", ".")).resolve("rules.md");

  @Test
  void rulesMd_matchesTheCatalogue() throws IOException {
    String expected = RuleCatalogue.standard().toMarkdown();
    if (Boolean.getBoolean("lorakit.regenerate")) {
      Files.writeString(RULES_MD, expected, StandardCharsets.UTF_8);
    }

    String actual = Files.readString(RULES_MD, StandardCharsets.UTF_8);

    assertThat(actual)
        .as("docs/rules.md is stale: run mvn -pl docs -am verify -Dlorakit.regenerate=true")
        .isEqualTo(expected);
  }

  @Test
  void catalogue_listsAtLeastThirtyAutomaticRules() {
    long automatic = RuleCatalogue.standard().rules().stream().filter(r -> !r.manual()).count();

    assertThat(automatic).isGreaterThanOrEqualTo(30);
  }

  /**
   * Rule ids are public API: every id of the catalogue before the validation kernel (the list taken
   * from that commit's {@code docs/rules.md}) is still found, as a rule or as a merged rule's
   * alias.
   */
  @Test
  void everyEarlierRuleId_isStillInTheCatalogue() throws IOException {
    List<String> before;
    try (InputStream in = RulesDocTest.class.getResourceAsStream("/rule-ids-before-spine.txt")) {
      before = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    RuleCatalogue catalogue = RuleCatalogue.standard();

    assertThat(before).hasSizeGreaterThan(100);
    assertThat(before).allSatisfy(id -> assertThat(catalogue.find(id)).as(id).isPresent());
    assertThat(catalogue.rules().stream().map(RuleDescriptor::id)).doesNotHaveDuplicates();
  }
}
