package dev.lorakit.core.caption;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionGenerateTest {
  @TempDir Path root;

  @Test
  void ofGenerated_newAndExisting_createsNewKeepsExistingUnlessOverwrite() throws Exception {
    Files.createDirectories(root.resolve("40_maya"));
    Files.write(
        root.resolve("40_maya/b.txt"), "\ufeffold, caption\r\n".getBytes(StandardCharsets.UTF_8));
    Map<String, Caption> proposed = new LinkedHashMap<>();
    proposed.put("40_maya/a.txt", Caption.parse("smile, brown eyes"));
    proposed.put("40_maya/b.txt", Caption.parse("standing"));
    CaptionEdit edit =
        CaptionEdit.removeTag("brown eyes")
            .andThen(CaptionEdit.triggerFirst(TriggerWord.of("maya")));

    CaptionEditPlan keep = CaptionEditPlan.ofGenerated(root, proposed, p -> edit, false);
    assertThat(keep.changes()).extracting(CaptionChange::path).containsExactly("40_maya/a.txt");
    assertThat(keep.unchanged()).isEqualTo(1);
    assertThat(keep.diff()).startsWith("--- /dev/null\n+++ b/40_maya/a.txt\n");
    assertThat(keep.apply().written()).containsExactly("40_maya/a.txt");
    assertThat(Files.readString(root.resolve("40_maya/a.txt"))).isEqualTo("maya, smile");

    CaptionEditPlan over = CaptionEditPlan.ofGenerated(root, proposed, p -> edit, true);
    assertThat(over.changes()).extracting(CaptionChange::path).containsExactly("40_maya/b.txt");
    over.apply();
    // the rewritten file keeps its byte-order mark and CRLF final newline
    assertThat(Files.readAllBytes(root.resolve("40_maya/b.txt")))
        .isEqualTo("\ufeffmaya, standing\r\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void apply_fileCreatedAfterPlanning_isSkippedNotOverwritten() throws Exception {
    Files.createDirectories(root.resolve("f"));
    CaptionEditPlan plan =
        CaptionEditPlan.ofGenerated(
            root, Map.of("f/x.txt", Caption.parse("smile")), p -> CaptionEdit.none(), false);
    Files.writeString(root.resolve("f/x.txt"), "mine");
    CaptionApplyResult r = plan.apply();
    assertThat(r.written()).isEmpty();
    assertThat(r.skipped()).hasSize(1);
    assertThat(Files.readString(root.resolve("f/x.txt"))).isEqualTo("mine");
  }
}
