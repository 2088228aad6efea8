package dev.lorakit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.yaml.ProjectWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md and docs/*.md is compiled against the lorakit jars and
 * run, so documentation cannot rot. Snippets run in {@code docs/target/snippets}, where a {@code
 * lorakit.yaml} of the guide's example project exists.
 */
class SnippetsTest {
  private static final Path DOCS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final String IMPORTS =
      Stream.of(
              "dev.lorakit.core",
              "dev.lorakit.core.caption",
              "dev.lorakit.core.checkpoint",
              "dev.lorakit.core.dataset",
              "dev.lorakit.core.face",
              "dev.lorakit.core.plan",
              "dev.lorakit.core.project",
              "dev.lorakit.core.rules",
              "dev.lorakit.core.validation",
              "dev.lorakit.core.training",
              "dev.lorakit.yaml",
              "dev.lorakit.safetensors.lora",
              "dev.lorakit.comfyui",
              "dev.lorakit.vision",
              "java.util",
              "java.nio.file")
          .map(p -> "import " + p + ".*;\n")
          .collect(Collectors.joining());

  record Snippet(Path file, int line, String code) {}

  @TestFactory
  Stream<DynamicTest> everyJavaSnippet_compilesAndRuns() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    snippets.addAll(extract(DOCS.resolve("../README.md").normalize()));
    try (Stream<Path> docs = Files.list(DOCS)) {
      for (Path md :
          docs.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList())) {
        snippets.addAll(extract(md));
      }
    }
    assertThat(snippets).as("README.md has Java snippets").isNotEmpty();
    Path work = Files.createDirectories(DOCS.resolve("target/snippets"));
    ProjectWriter.write(ExampleProjects.guideAsWritten(), work.resolve("lorakit.yaml"));
    return snippets.stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    DOCS.getParent().relativize(s.file()) + ":" + s.line(),
                    () -> compileAndRun(s, work)));
  }

  static List<Snippet> extract(Path markdown) throws IOException {
    List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          code.append(lines.get(i)).append('\n');
        }
        out.add(new Snippet(markdown, start, code.toString()));
      }
    }
    return out;
  }

  private static void compileAndRun(Snippet s, Path work) throws Exception {
    String name = "Snippet" + Math.abs((s.file() + ":" + s.line()).hashCode());
    // Paths in snippets are relative to the snippet folder, like a user's working directory.
    String code = s.code().replace("Path.of(\"", "WORK.resolve(\"");
    String source =
        "package snippets;\n"
            + IMPORTS
            + "public class "
            + name
            + " {\n  static Path WORK;\n  public static void run(Path work) throws Exception {\n    WORK = work;\n"
            + code
            + "  }\n}\n";
    Path dir = Files.createTempDirectory("snippet");
    Path src = Files.createDirectories(dir.resolve("snippets")).resolve(name + ".java");
    Files.writeString(src, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(src);
      boolean ok =
          javac
              .getTask(
                  diagnostics,
                  files,
                  null,
                  List.of(
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      dir.toString(),
                      "-proc:none"),
                  null,
                  units)
              .call();
      assertThat(ok).as("%s:%d does not compile:%n%s", s.file(), s.line(), diagnostics).isTrue();
    }
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, SnippetsTest.class.getClassLoader())) {
      try {
        loader.loadClass("snippets." + name).getMethod("run", Path.class).invoke(null, work);
      } catch (InvocationTargetException e) {
        throw new AssertionError(
            s.file() + ":" + s.line() + " threw " + e.getCause(), e.getCause());
      }
    }
  }
}
