package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.testkit.ExampleDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders {@code lorakit report} in headless Chromium and checks that every thumbnail decoded and
 * every badge is there; keeps a screenshot in {@code target/report-screenshot.png}. CI installs
 * Chromium and sets {@code LORAKIT_REQUIRE_CHROMIUM=1}, so there the test cannot be skipped.
 */
class ReportChromiumTest {

  @Test
  void report_rendersThumbnailsAndBadgesInHeadlessChromium(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("dataset");
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .defects(EnumSet.allOf(ExampleDataset.Defect.class))
        .write(data, new SplittableRandom(11));
    Path html = dir.resolve("report.html");
    StringWriter out = new StringWriter();
    int code =
        Lorakit.execute(
            new String[] {"report", data.toString(), "-o", html.toString(), "-q"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    String page = Files.readString(html, StandardCharsets.UTF_8);
    // 8 character (one duplicate), 3 body and 11 control images; 3 planted defects carry badges.
    // the planted defects are warnings only: ai-toolkit prepends the trigger to a caption that
    // lacks it (dataloader_mixins.py l.390-394 @27a03a91, audit row 13)
    assertThat(code).as(out.toString()).isEqualTo(Lorakit.OK);
    assertThat(count(page, "<img class=\"thumb\"")).isEqualTo(22);
    assertThat(count(page, "<span class=\"badge ")).isEqualTo(3);
    assertThat(page)
        .contains("id=\"resolution\"")
        .contains("id=\"tags\"")
        .contains("id=\"schedule\"");

    Path chromium = chromium();
    String dom =
        run(chromium, dir, "--virtual-time-budget=10000", "--dump-dom", html.toUri().toString());
    Matcher body =
        Pattern.compile(
                "<body data-thumbs=\"(\\d+)\" data-thumbs-ok=\"(\\d+)\" data-badges=\"(\\d+)\"")
            .matcher(dom);
    assertThat(body.find())
        .as(
            "the page script ran in Chromium; DOM starts: %s",
            dom.substring(0, Math.min(300, dom.length())))
        .isTrue();
    assertThat(body.group(1)).isEqualTo("22");
    assertThat(body.group(2)).as("thumbnails decoded by Chromium").isEqualTo("22");
    assertThat(body.group(3)).isEqualTo("3");

    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.createDirectories(shot.getParent());
    Files.deleteIfExists(shot);
    run(chromium, dir, "--window-size=1280,1600", "--screenshot=" + shot, html.toUri().toString());
    assertThat(shot).exists();
    byte[] png = Files.readAllBytes(shot);
    assertThat(png.length).isGreaterThan(10_000);
    assertThat(png[1]).isEqualTo((byte) 'P');
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static Path chromium() {
    for (String candidate :
        new String[] {
          System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"
        }) {
      if (candidate != null && Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    boolean required = System.getenv("LORAKIT_REQUIRE_CHROMIUM") != null;
    assertThat(required).as("LORAKIT_REQUIRE_CHROMIUM is set but no Chromium was found").isFalse();
    Assumptions.abort("no Chromium on this machine; .ci/run installs it");
    throw new AssertionError("unreachable");
  }

  private static String run(Path chromium, Path dir, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    // The flags a root sandbox without network needs (see the machine notes).
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(dir.resolve("chromium-" + System.nanoTime() + ".log").toFile())
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return stdout;
  }
}
