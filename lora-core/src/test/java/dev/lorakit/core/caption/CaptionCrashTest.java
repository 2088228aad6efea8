package dev.lorakit.core.caption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.internal.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is rewriting captions at random instants (SIGKILL, no shutdown hooks) and checks
 * that every caption is still whole: the old text or the new, never truncated, never missing.
 */
class CaptionCrashTest {
  private static final int FILES = 40;
  private static final int KILLS = 6;

  @TempDir Path dir;

  static String name(int i) {
    return String.format("img%03d.txt", i);
  }

  static String text(int i, String state) {
    return "maya_char, " + state + ", portrait, caption number " + i + ", soft lighting\n";
  }

  @Test
  void apply_killedAtRandomPoints_neverLeavesTruncatedOrMissingCaption() throws Exception {
    for (int i = 0; i < FILES; i++) {
      Files.writeString(dir.resolve(name(i)), text(i, "state_a"), StandardCharsets.UTF_8);
    }
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int sawB = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xshare:auto",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CaptionWriterMain.class.getName(),
                  dir.toString(),
                  Integer.toString(FILES))
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("writer output (seed %d)", seed).isEqualTo("running");
        Thread.sleep(random.nextInt(60));
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      for (int i = 0; i < FILES; i++) {
        Path file = dir.resolve(name(i));
        assertThat(file).as("seed %d, kill %d", seed, kill).exists();
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content)
            .as("seed %d, kill %d, %s", seed, kill, name(i))
            .isIn(text(i, "state_a"), text(i, "state_b"));
        if (content.equals(text(i, "state_b"))) {
          sawB++;
        }
      }
    }
    assertThat(sawB).as("the writer really rewrote captions (seed %d)", seed).isPositive();
    try (Stream<Path> files = Files.list(dir)) {
      List<String> leftovers =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> !n.matches("img\\d{3}\\.txt"))
              .collect(Collectors.toList());
      // A kill between creating and renaming the temporary file may leave one behind.
      assertThat(leftovers).allMatch(n -> n.startsWith(AtomicFiles.TEMP_PREFIX));
    }
  }

  @Test
  void atomicWrite_replacesContentAndPermissions() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "old");
    AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(file)).isEqualTo("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }
}
