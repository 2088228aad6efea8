package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeParsingTest {
  private static final AiToolkitLinter LINTER = AiToolkitLinter.standard();

  private static Violation only(ValidationReport report) {
    assertThat(report.violations()).hasSize(1);
    return report.violations().get(0);
  }

  @Test
  void lint_billionLaughs_isRefusedAsLimit() {
    StringBuilder sb =
        new StringBuilder(
            "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        sb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    Violation v = only(LINTER.lint(sb.toString()));
    assertThat(v.ruleId()).isEqualTo("config.limit-exceeded");
    assertThat(v.message()).contains("aliases");
  }

  @Test
  void lint_fewAliasesThatExpandHugely_areRefusedByTheNodeBudget() {
    // 15 aliases (under the alias limit) of a 20,001-item list: 300,000 nodes after expansion.
    StringBuilder sb =
        new StringBuilder("a0: &a0 [").append("x,".repeat(20_000)).append("x]\nb: [");
    sb.append("*a0, ".repeat(14)).append("*a0]\n");
    assertThat(only(LINTER.lint(sb.toString())).ruleId()).isEqualTo("config.limit-exceeded");
  }

  @Test
  void lint_tenThousandDeepNesting_isRefusedAsLimit() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    Violation v = only(LINTER.lint("job: " + deep + "\n"));
    assertThat(v.ruleId()).isEqualTo("config.limit-exceeded");
    assertThat(v.message()).containsIgnoringCase("nesting");
    String deepMap = "{a: ".repeat(10_000) + "1" + "}".repeat(10_000);
    assertThat(only(LINTER.lint(deepMap)).ruleId()).isEqualTo("config.limit-exceeded");
  }

  @Test
  void lint_fiftyMegabyteFile_isRefusedWithoutLoadingIt(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] line =
        "# padding padding padding padding padding padding padding padding\n"
            .getBytes(StandardCharsets.UTF_8);
    try (var out = Files.newOutputStream(big)) {
      for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }
    Violation v = only(LINTER.lint(big));
    assertThat(v.ruleId()).isEqualTo("config.limit-exceeded");
    assertThat(v.message()).contains("above the limit");
  }

  @Test
  void lint_invalidUtf8_isASyntaxErrorAtItsLine() {
    byte[] bytes =
        "job: extension\nconfig:\n  name: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1);
    Violation v = only(LINTER.lint(bytes));
    assertThat(v.ruleId()).isEqualTo("config.syntax-error");
    assertThat(v.message()).contains("UTF-8");
    assertThat(v.location()).contains(SourceLocation.of(3, 13));
  }

  @Test
  void lint_tabIndentation_isASyntaxErrorWithAHint() {
    Violation v = only(LINTER.lint("job: extension\nconfig:\n\tname: x\n"));
    assertThat(v.ruleId()).isEqualTo("config.syntax-error");
    assertThat(v.location().orElseThrow().line()).isEqualTo(3);
    assertThat(v.hint()).contains("spaces");
  }

  @Test
  void lint_jsonIndentedWithTabs_isAccepted() {
    // JSON allows tabs between tokens; only YAML block indentation forbids them.
    String json = "{\n\t\"job\": \"extension\",\n\t\"config\": {\n\t\t\"name\": \"x\"\n\t}\n}\n";
    assertThat(LINTER.lint(json).withRule("config.syntax-error")).isEmpty();
  }

  @Test
  void lint_duplicateKey_isReportedAtTheSecondOccurrence() {
    ValidationReport report = LINTER.lint("job: extension\njob: train\n");
    assertThat(report.withRule("config.duplicate-key"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.location()).contains(SourceLocation.of(2, 1));
              assertThat(v.message()).contains("line 1");
            });
  }

  @Test
  void lint_javaTag_isReportedAndNothingIsConstructed() {
    ValidationReport report =
        LINTER.lint(
            "job: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n");
    assertThat(report.errors()).isNotEmpty();
    assertThat(report.errors().get(0).message()).containsIgnoringCase("tag");
    assertThat(LINTER.lint("job: !custom extension\n").withRule("config.unsupported-tag"))
        .singleElement()
        .satisfies(v -> assertThat(v.location()).contains(SourceLocation.of(1, 6)));
  }

  @Test
  void lint_unclosedQuote_isASyntaxErrorWithPosition() {
    Violation v = only(LINTER.lint("job: \"extension\nconfig: {}\n"));
    assertThat(v.ruleId()).isEqualTo("config.syntax-error");
    assertThat(v.location()).isPresent();
  }

  @Test
  void read_unreadableText_throwsWithTheReport() {
    assertThatThrownBy(() -> AiToolkitConfigReader.read("a: [\n"))
        .isInstanceOfSatisfying(
            LoraValidationException.class,
            e ->
                assertThat(e.report().errors())
                    .extracting(Violation::ruleId)
                    .containsExactly("config.syntax-error"));
  }

  @Test
  void lint_emptyDocument_reportsMissingKeys() {
    assertThat(LINTER.lint("").withRule("config.missing-required")).isNotEmpty();
  }
}
