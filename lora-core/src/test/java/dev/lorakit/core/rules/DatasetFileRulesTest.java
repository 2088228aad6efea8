package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.dataset.TestImages;
import dev.lorakit.core.project.LoraProject;
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
 * File rules whose message depends on what else is in the folder: ai-toolkit's training loader
 * reads no {@code default.txt} (reference/ai-toolkit-audit.md row 14: data_loader.py l.656,
 * dataloader_mixins.py l.333-368 at 27a03a91), and the near-duplicate list is capped.
 */
class DatasetFileRulesTest {
  @TempDir Path root;

  private void text(String path, String text) throws IOException {
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), text, StandardCharsets.UTF_8);
  }

  private ValidationReport check(ScanOptions options) {
    DatasetSnapshot s = DatasetScanner.of(options).scan(root);
    LoraProject p =
        LoraProject.builder()
            .name("maya_char_lora")
            .trigger(TriggerWord.of("maya_char"))
            .dataset(s.spec())
            .build();
    return DatasetRules.standard().check(s, p);
  }

  @Test
  void missingCaption_nextToADefaultTxt_saysTheTrainingLoaderIgnoresIt() throws IOException {
    TestImages.flatPng(root.resolve("40_maya_char/a.png"), 64, 64, 1, "a");
    text("40_maya_char/default.txt", "maya_char, portrait");
    TestImages.flatPng(root.resolve("20_maya_char_realbody/b.png"), 64, 64, 2, "b");

    ValidationReport report = check(ScanOptions.defaults());

    assertThat(report.withRule("caption.missing"))
        .extracting(Violation::path, Violation::message, Violation::hint)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "40_maya_char/a.png",
                "no caption a.txt for this image; ai-toolkit's training loader does not read the"
                    + " folder's default.txt, so it trains on the trigger alone",
                "write a.txt starting with maya_char"),
            org.assertj.core.groups.Tuple.tuple(
                "20_maya_char_realbody/b.png",
                "no caption b.txt for this image",
                "write b.txt starting with maya_char"));
    assertThat(report.withRule("caption.orphan"))
        .extracting(Violation::path, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "40_maya_char/default.txt",
                "default.txt is not read by ai-toolkit's training loader; images without a"
                    + " caption train on the trigger alone"));
  }

  @Test
  void orphanCaption_namesTheImageItLacks() throws IOException {
    TestImages.flatPng(root.resolve("40_maya_char/a.png"), 64, 64, 1, "a");
    text("40_maya_char/a.txt", "maya_char, portrait");
    text("40_maya_char/gone.txt", "maya_char, portrait");

    assertThat(check(ScanOptions.defaults()).withRule("caption.orphan"))
        .extracting(Violation::path, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "40_maya_char/gone.txt", "caption has no image named gone.jpg/.png/.webp"));
  }

  @Test
  void nearDuplicates_moreThan500Pairs_listed500AndOneSummary() throws IOException {
    // 33 flat images of one colour have the same dHash (distance 0) but different bytes: 33 x 32
    // / 2 = 528 pairs, 28 more than the 500 listed one by one.
    for (int i = 0; i < 33; i++) {
      TestImages.flatPng(root.resolve("40_maya_char/i" + i + ".png"), 64, 64, 0x808080, "n" + i);
      text("40_maya_char/i" + i + ".txt", "maya_char, portrait");
    }

    List<Violation> near =
        check(ScanOptions.builder().perceptualHash(true).build()).withRule("image.near-duplicate");

    assertThat(near).hasSize(501);
    // the report orders by path; the summary is the one on the dataset root
    Violation summary = near.stream().filter(v -> v.path().equals(".")).findFirst().orElseThrow();
    assertThat(summary.message()).isEqualTo("28 more near-duplicate pairs not listed");
    assertThat(summary.value()).hasValue("528");
    assertThat(summary.bound()).hasValue("500");
    assertThat(near.stream().filter(v -> !v.path().equals(".")))
        .hasSize(500)
        .allSatisfy(
            v -> assertThat(v.message()).endsWith("(perceptual hash distance 0 of 64, at most 6)"));
  }

  @Test
  void nearDuplicateDistance_isZeroTo64Bits() {
    assertThatThrownBy(() -> DatasetRules.standard().withNearDuplicateDistance(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetRules.standard().withNearDuplicateDistance(65))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DatasetRules.standard().withNearDuplicateDistance(0)).isNotNull();
    assertThat(DatasetRules.standard().withNearDuplicateDistance(64)).isNotNull();
  }
}
