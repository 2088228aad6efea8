package dev.lorakit.core.caption;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionEditPlanTest {
  @TempDir Path root;

  private void write(String path, byte[] bytes) throws IOException {
    Files.createDirectories(root.resolve(path).getParent());
    Files.write(root.resolve(path), bytes);
  }

  private void write(String path, String text) throws IOException {
    write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
  }

  @Test
  void plan_dryRun_showsDiffAndWritesNothing() throws IOException {
    write("10_x/a.txt", "portrait, maya_char\n");
    write("10_x/b.txt", "maya_char, portrait");

    CaptionEditPlan plan =
        CaptionEditPlan.of(
            root,
            List.of("10_x/b.txt", "10_x/a.txt"),
            CaptionEdit.triggerFirst(TriggerWord.of("maya_char")));

    assertThat(plan.changes())
        .containsExactly(
            CaptionChange.of("10_x/a.txt", "portrait, maya_char", "maya_char, portrait"));
    assertThat(plan.unchanged()).isEqualTo(1);
    assertThat(plan.diff())
        .isEqualTo(
            "--- a/10_x/a.txt\n+++ b/10_x/a.txt\n@@ -1 +1 @@\n-portrait, maya_char\n"
                + "+maya_char, portrait\n");
    assertThat(read("10_x/a.txt")).isEqualTo("portrait, maya_char\n");
  }

  @Test
  void apply_keepsBomAndCrlfAndLeavesNoTempFiles() throws IOException {
    write("10_x/a.txt", "\ufeffportrait, maya_char\r\n");
    write("10_x/b.txt", "smiling");

    CaptionApplyResult result =
        CaptionEditPlan.of(
                root,
                List.of("10_x/a.txt", "10_x/b.txt"),
                CaptionEdit.triggerFirst(TriggerWord.of("maya_char")))
            .apply();

    assertThat(result.written()).containsExactly("10_x/a.txt", "10_x/b.txt");
    assertThat(result.complete()).isTrue();
    assertThat(read("10_x/a.txt")).isEqualTo("\ufeffmaya_char, portrait\r\n");
    assertThat(read("10_x/b.txt")).isEqualTo("maya_char, smiling");
    try (Stream<Path> files = Files.list(root.resolve("10_x"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.txt", "b.txt");
    }
  }

  @Test
  void plan_notUtf8_refusedAndUntouched() throws IOException {
    byte[] latin1 = "café, portrait".getBytes(StandardCharsets.ISO_8859_1);
    write("10_x/a.txt", latin1);

    CaptionEditPlan plan =
        CaptionEditPlan.of(root, List.of("10_x/a.txt"), CaptionEdit.addTag("maya_char", 0));
    plan.apply();

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.refused())
        .containsExactly(
            SkippedCaption.of("10_x/a.txt", "not UTF-8 (byte 3 is not valid UTF-8); not edited"));
    assertThat(Files.readAllBytes(root.resolve("10_x/a.txt"))).isEqualTo(latin1);
  }

  @Test
  void apply_fileChangedSincePlanning_skipped() throws IOException {
    write("10_x/a.txt", "portrait");
    CaptionEditPlan plan =
        CaptionEditPlan.of(root, List.of("10_x/a.txt"), CaptionEdit.addTag("smiling"));
    write("10_x/a.txt", "edited by hand");

    CaptionApplyResult result = plan.apply();

    assertThat(result.written()).isEmpty();
    assertThat(result.skipped())
        .containsExactly(
            SkippedCaption.of("10_x/a.txt", "changed on disk since the plan was made"));
    assertThat(read("10_x/a.txt")).isEqualTo("edited by hand");
  }

  @Test
  void plan_missingAndHugeFiles_refused() throws IOException {
    write("10_x/huge.txt", new byte[CaptionEditPlan.MAX_CAPTION_BYTES + 1]);

    CaptionEditPlan plan =
        CaptionEditPlan.of(
            root, List.of("10_x/huge.txt", "10_x/gone.txt"), CaptionEdit.addTag("x"));

    assertThat(plan.refused())
        .extracting(SkippedCaption::path, SkippedCaption::reason)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("10_x/gone.txt", "file not found"),
            org.assertj.core.api.Assertions.tuple(
                "10_x/huge.txt", "1048577 bytes is above the 1048576 a caption may have"));
  }

  @Test
  void ofEach_folderFilter_editsOnlyThatFolder() throws IOException {
    write("40_a/x.txt", "maya_char, legs");
    write("20_b/y.txt", "maya_char, legs");

    CaptionEditPlan plan =
        CaptionEditPlan.ofEach(
            root,
            List.of("40_a/x.txt", "20_b/y.txt"),
            p ->
                p.startsWith("20_b/")
                    ? CaptionEdit.addTag("realistic_body", 1)
                    : CaptionEdit.none());

    assertThat(plan.changes()).extracting(CaptionChange::path).containsExactly("20_b/y.txt");
    plan.apply();
    assertThat(read("20_b/y.txt")).isEqualTo("maya_char, realistic_body, legs");
    assertThat(read("40_a/x.txt")).isEqualTo("maya_char, legs");
  }
}
