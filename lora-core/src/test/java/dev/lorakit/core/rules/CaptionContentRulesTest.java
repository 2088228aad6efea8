package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.dataset.TestImages;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caption says, at the bounds: the guide's "Start with trigger word" and "DON'T
 * over-caption" (reference/qwen-character-lora-guide.md, "Key Captioning Rules"), with lorakit's
 * declared limits {@link CaptionContentRules#MAX_TAGS} (20) and {@link
 * CaptionContentRules#MAX_WORDS} (75). ai-toolkit splits captions into tags on ','
 * (dataloader_mixins.py l.411 at 27a03a91).
 */
class CaptionContentRulesTest {
  @TempDir Path root;

  private void captioned(String path, String caption) throws IOException {
    TestImages.flatPng(root.resolve(path), 64, 64, 0x806040, path);
    Files.writeString(
        root.resolve(path.replaceAll("\\.png$", ".txt")), caption, StandardCharsets.UTF_8);
  }

  private List<Violation> fired(String id) {
    DatasetSnapshot s = DatasetScanner.of(ScanOptions.defaults()).scan(root);
    LoraProject p =
        LoraProject.builder()
            .name("maya_char_lora")
            .trigger(TriggerWord.of("maya_char"))
            .dataset(s.spec())
            .build();
    return DatasetRules.standard().check(s, p).withRule(id);
  }

  /** The trigger, a framing tag and distinct filler tags up to {@code tags} in all. */
  private static String tags(int tags) {
    return "maya_char, portrait, "
        + IntStream.range(0, tags - 2).mapToObj(i -> "tag" + i).collect(Collectors.joining(", "));
  }

  @Test
  void tooLong_twentyTagsFine_twentyOneReportedWithTheTagBound() throws IOException {
    captioned("40_maya_char/a.png", tags(20));
    assertThat(fired("caption.too-long")).isEmpty();

    captioned("40_maya_char/a.png", tags(21));
    Violation v = fired("caption.too-long").get(0);
    assertThat(v.message())
        .isEqualTo("caption has 21 tags and 21 words, above 20 tags or 75 words");
    assertThat(v.value()).hasValue("21");
    assertThat(v.bound()).hasValue("20");
  }

  @Test
  void tooLong_seventyFiveWordsFine_seventySixReportedWithTheWordBound() throws IOException {
    String words75 =
        "maya_char, portrait, "
            + IntStream.range(0, 73).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    captioned("40_maya_char/a.png", words75);
    assertThat(fired("caption.too-long")).isEmpty();

    captioned("40_maya_char/a.png", words75 + " w73");
    Violation v = fired("caption.too-long").get(0);
    assertThat(v.message()).isEqualTo("caption has 3 tags and 76 words, above 20 tags or 75 words");
    assertThat(v.value()).hasValue("76");
    assertThat(v.bound()).hasValue("75");
  }

  @Test
  void triggerNotFirst_namesItsPosition() throws IOException {
    captioned("40_maya_char/a.png", "portrait, smiling, maya_char");

    Violation v = fired("caption.trigger-not-first").get(0);

    assertThat(v.message()).isEqualTo("trigger 'maya_char' is tag 3, not the first");
    assertThat(v.value()).hasValue("3");
    assertThat(v.bound()).hasValue("1");
  }
}
