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
    // A test may name a rule by its public descriptor constant (XRules.NAME) instead of its id.
    java.util.Map<String, String> constants = descriptorConstants();

    List<String> untested =
        RuleCatalogue.standard().rules().stream()
            .filter(r -> !r.manual())
            .map(RuleDescriptor::id)
            .filter(id -> !text.contains('"' + id + '"'))
            .filter(id -> !constants.containsKey(id) || !text.contains(constants.get(id)))
            .filter(id -> !KNOWN_GAPS.contains(id))
            .toList();

    assertThat(untested).as("rule ids that no test source names").isEmpty();
  }

  /**
   * Rules that arrived with the ComfyUI work without a test that makes them fire: each is a defect
   * to fix (write the test, then remove the id here); the list may only shrink.
   */
  private static final java.util.Set<String> KNOWN_GAPS =
      java.util.Set.of(
          "checkpoint.patch-target-missing",
          "checkpoint.unrecognized-key",
          "workflow.bad-link",
          "workflow.invalid-value",
          "workflow.missing-class-type",
          "workflow.unknown-node");

  /** Rule id to {@code Class.FIELD} of its {@code public static final RuleDescriptor}. */
  private static java.util.Map<String, String> descriptorConstants() throws IOException {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    java.util.regex.Pattern field =
        java.util.regex.Pattern.compile(
            "public static final RuleDescriptor (\\w+)\\s*=[^;]*?\"([a-z0-9]+(?:[.-][a-z0-9]+)+)\"",
            java.util.regex.Pattern.DOTALL);
    try (Stream<Path> modules = Files.list(REPO)) {
      for (Path m : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> s = Files.walk(m.resolve("src/main/java"))) {
          for (Path p : s.filter(x -> x.toString().endsWith(".java")).toList()) {
            String cls = p.getFileName().toString().replace(".java", "");
            java.util.regex.Matcher mt = field.matcher(read(p));
            while (mt.find()) {
              out.putIfAbsent(mt.group(2), cls + "." + mt.group(1));
            }
          }
        }
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
