package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.dataset.TestImages;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caption.duplicate-tag}. ai-toolkit splits a caption into tags on ',' and never dedupes
 * them ({@code toolkit/dataloader_mixins.py} l.411 {@code raw_caption.split(',')}, l.454 the
 * shuffle at 27a03a91), so a repeated tag is trained twice in that caption.
 */
class CaptionDuplicateTagTest {
  @TempDir Path root;

  private void captioned(String path, String caption) throws IOException {
    TestImages.flatPng(root.resolve(path), 1024, 1024, 0x806040, path);
    Path txt = root.resolve(path.replaceAll("\\.png$", ".txt"));
    Files.writeString(txt, caption, StandardCharsets.UTF_8);
  }

  private List<Violation> duplicateTags() {
    DatasetSnapshot s = DatasetScanner.of(ScanOptions.defaults()).scan(root);
    LoraProject p =
        LoraProject.builder()
            .name("maya_char_lora")
            .trigger(TriggerWord.of("maya_char"))
            .dataset(s.spec())
            .build();
    ValidationReport report = DatasetRules.standard().check(s, p);
    return report.withRule("caption.duplicate-tag");
  }

  @Test
  void check_tagRepeatedInOneCaption_isOneInfoNamingTheTag() throws IOException {
    Files.createDirectories(root.resolve("40_maya_char"));
    captioned("40_maya_char/img001.png", "maya_char, close-up, smiling, red scarf, smiling");
    captioned("40_maya_char/img002.png", "maya_char, close-up, smiling, red scarf");

    assertThat(duplicateTags())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.INFO);
              assertThat(v.path()).isEqualTo("40_maya_char/img001.txt");
              assertThat(v.message()).isEqualTo("tag 'smiling' appears more than once");
            });
  }

  @Test
  void check_sameTagInTwoCaptions_isNoDuplicate() throws IOException {
    Files.createDirectories(root.resolve("40_maya_char"));
    captioned("40_maya_char/img001.png", "maya_char, close-up, smiling");
    captioned("40_maya_char/img002.png", "maya_char, close-up, smiling");

    assertThat(duplicateTags()).isEmpty();
  }
}
