package dev.lorakit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every automatic rule of the catalogue is named, as its id in quotes, by at least one test source
 * of some module (or by lora-testkit's generators of broken projects, which {@code
 * RuleEngineProperties} asserts). A new rule that no test makes fire fails this test; MANUAL rules
 * are a checklist no file can decide and are left out.
 */
class RuleTestCoverageTest {
  private static final Path REPO =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

  private static List<Path> testSources() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(REPO)) {
      modules
          .filter(m -> Files.isDirectory(m.resolve("src/test/java")))
          .forEach(m -> roots.add(m.resolve("src/test/java")));
    }
    roots.add(REPO.resolve("lora-testkit/src/main/java"));
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyAutomaticRule_isNamedByATest() throws IOException {
    List<Path> sources = testSources();
    assertThat(sources).hasSizeGreaterThan(50);
    StringBuilder all = new StringBuilder();
    for (Path p : sources) {
      if (!p.getFileName().toString().equals("RuleTestCoverageTest.java")) {
        all.append(read(p)).append('\n');
      }
    }
    String text = all.toString();

    List<String> untested =
        RuleCatalogue.standard().rules().stream()
            .filter(r -> !r.manual())
            .map(RuleDescriptor::id)
            .filter(id -> !text.contains('"' + id + '"'))
            .toList();

    assertThat(untested).as("rule ids that no test source names").isEmpty();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
