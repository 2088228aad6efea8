package dev.lorakit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.rules.RuleCatalogue;
import dev.lorakit.core.rules.RuleKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules.md} is generated from the rule catalogue; this test fails when they differ.
 * Regenerate with {@code mvn -pl docs -am verify -Dlorakit.regenerate=true}.
 */
class RulesDocTest {
  private static final Path RULES_MD =
      Path.of(System.getProperty("basedir", ".")).resolve("rules.md");

  @Test
  void rulesMd_matchesTheCatalogue() throws IOException {
    String expected = DocsCatalogue.catalogue().toMarkdown();
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
    RuleCatalogue catalogue = DocsCatalogue.catalogue();

    long automatic = catalogue.rules().stream().filter(r -> r.kind() != RuleKind.MANUAL).count();

    assertThat(automatic).isGreaterThanOrEqualTo(30);
  }
}
