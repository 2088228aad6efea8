package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.dataset.TestImages;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRulesTest {
  @TempDir Path root;

  private void image(String path, int w, int h) {
    TestImages.flatPng(root.resolve(path), w, h, 0x806040, path);
  }

  private void captioned(String path, String caption) throws IOException {
    image(path, 1024, 1024);
    text(path.replaceAll("\\.[a-zA-Z]+$", ".txt"), caption);
  }

  private void text(String path, String text) throws IOException {
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), text, StandardCharsets.UTF_8);
  }

  private static LoraProject project(DatasetSnapshot s, BaseModel model) {
    return LoraProject.builder()
        .name("maya_char_lora")
        .trigger(TriggerWord.of("maya_char"))
        .baseModel(model)
        .dataset(s.spec())
        .build();
  }

  private ValidationReport check(ScanOptions options, BaseModel model) {
    DatasetSnapshot s = DatasetScanner.of(options).scan(root);
    return DatasetRules.standard().check(s, project(s, model));
  }

  private ValidationReport check() {
    return check(ScanOptions.defaults(), BaseModel.QWEN_IMAGE);
  }

  @Test
  void descriptors_allDatasetKindWithUniqueIds() {
    List<RuleDescriptor> d = DatasetRules.descriptors();
    assertThat(d).allMatch(r -> r.subject().equals(Subjects.DATASET));
    assertThat(d.stream().map(RuleDescriptor::id).distinct().count()).isEqualTo(d.size());
    assertThat(d)
        .extracting(RuleDescriptor::id)
        .contains(
            "caption.missing",
            "caption.orphan",
            "caption.empty",
            "caption.not-utf8",
            "caption.missing-trigger",
            "caption.trigger-not-first",
            "caption.body-tag-missing",
            "caption.body-tag-in-character",
            "caption.framing-missing",
            "caption.too-long",
            "image.too-small",
            "image.corrupt",
            "image.empty",
            "dataset.stray-file",
            "image.duplicate",
            "image.near-duplicate",
            "dataset.too-deep",
            "dataset.no-repeat-folders",
            "composition.framing-mix",
            "composition.body-part-mix",
            "control.missing-image");
  }

  @Test
  void check_guideDataset_isClean() throws IOException {
    String[] shots = {"portrait", "closeup", "full body", "cowboy shot", "upper body", "half body"};
    int[] counts = {10, 10, 30, 7, 7, 6};
    int n = 0;
    for (int s = 0; s < shots.length; s++) {
      for (int i = 0; i < counts[s]; i++) {
        captioned(
            String.format("40_maya_char/img%03d.jpg", ++n),
            "maya_char, " + shots[s] + ", smiling, soft lighting");
      }
    }
    String[] parts = {"legs", "torso", "full body detail"};
    n = 0;
    for (String part : parts) {
      for (int i = 0; i < 10; i++) {
        captioned(
            String.format("20_maya_char_realbody/body%03d.png", ++n),
            "maya_char, realistic_body, " + part + ", natural lighting");
      }
    }

    ValidationReport report =
        check(ScanOptions.builder().hashing(ScanOptions.Hashing.ALL).build(), BaseModel.QWEN_IMAGE);

    assertThat(report.violations()).isEmpty();
  }

  @Test
  void check_plantedDefects_eachReportedAgainstItsFile() throws IOException {
    String d = "40_maya_char/";
    captioned(d + "good1.png", "maya_char, portrait, smiling");
    captioned(d + "good2.png", "maya_char, full body, standing");
    image(d + "nocap.png", 1024, 1024);
    text(d + "orphan.txt", "maya_char, portrait");
    captioned(d + "empty.png", " , ,\n");
    image(d + "latin.png", 1024, 1024);
    Files.write(
        root.resolve(d + "latin.txt"), "maya_char, café".getBytes(StandardCharsets.ISO_8859_1));
    image(d + "bom.png", 1024, 1024);
    Files.write(
        root.resolve(d + "bom.txt"),
        ("\ufeffmaya_char, portrait\r\nsmiling\r\n").getBytes(StandardCharsets.UTF_8));
    captioned(d + "notrig.png", "portrait, smiling");
    captioned(d + "late.png", "portrait, maya_char");
    captioned(d + "bodytag.png", "maya_char, realistic_body, portrait");
    captioned(d + "noframe.png", "maya_char, smiling");
    captioned(
        d + "long.png",
        "maya_char, portrait, "
            + java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> "tag" + i)
                .collect(Collectors.joining(", ")));
    TestImages.flatPng(root.resolve(d + "small.png"), 600, 800, 5, "small");
    text(d + "small.txt", "maya_char, portrait");
    text(d + "corrupt.jpg", "this is not a jpeg");
    text(d + "corrupt.txt", "maya_char, portrait");
    TestImages.write(root.resolve(d + "zero.jpg"), new byte[0]);
    text(d + "zero.txt", "maya_char, portrait");
    text(d + ".DS_Store", "x");
    text(d + "._good1.png", "x");
    Files.copy(root.resolve(d + "good1.png"), root.resolve(d + "zdup.png"));
    text(d + "zdup.txt", "maya_char, portrait, smiling");
    image(d + "huge.png", 1024, 1024);
    try (java.io.RandomAccessFile huge =
        new java.io.RandomAccessFile(root.resolve(d + "huge.txt").toFile(), "rw")) {
      huge.setLength(100L << 20); // a sparse 100 MB caption: never read
    }
    captioned(d + "nested/deep.png", "maya_char, portrait");
    captioned(d + "Ünïcode name.PNG", "maya_char, full body, standing");
    Files.createSymbolicLink(root.resolve(d + "loop"), root.resolve(d));
    captioned("20_maya_char_realbody/b1.png", "maya_char, realistic_body, legs");
    captioned("20_maya_char_realbody/nobody.png", "maya_char, legs");

    ValidationReport report = check();

    assertThat(report.violations())
        .extracting(Violation::ruleId, Violation::path)
        .contains(
            tuple("caption.missing", d + "nocap.png"),
            tuple("caption.orphan", d + "orphan.txt"),
            tuple("caption.empty", d + "empty.txt"),
            tuple("caption.not-utf8", d + "latin.txt"),
            tuple("caption.missing-trigger", d + "notrig.txt"),
            tuple("caption.trigger-not-first", d + "late.txt"),
            tuple("caption.body-tag-in-character", d + "bodytag.txt"),
            tuple("caption.framing-missing", d + "noframe.txt"),
            tuple("caption.too-long", d + "long.txt"),
            tuple("caption.unreadable", d + "huge.txt"),
            tuple("image.too-small", d + "small.png"),
            tuple("image.corrupt", d + "corrupt.jpg"),
            tuple("image.empty", d + "zero.jpg"),
            tuple("dataset.stray-file", d + ".DS_Store"),
            tuple("dataset.stray-file", d + "._good1.png"),
            tuple("image.duplicate", d + "zdup.png"),
            tuple("dataset.too-deep", d + "nested/deep.png"),
            tuple("caption.body-tag-missing", "20_maya_char_realbody/nobody.txt"),
            tuple("dataset.unreadable", d + "loop"));
    List<String> clean =
        List.of(
            d + "good1.png",
            d + "good1.txt",
            d + "good2.png",
            d + "good2.txt",
            d + "bom.png",
            d + "bom.txt",
            d + "Ünïcode name.PNG",
            d + "Ünïcode name.txt",
            "20_maya_char_realbody/b1.png",
            "20_maya_char_realbody/b1.txt");
    assertThat(report.violations()).filteredOn(v -> clean.contains(v.path())).isEmpty();
    assertThat(report.withRule("dataset.stray-file"))
        .extracting(Violation::path, Violation::severity)
        .containsExactlyInAnyOrder(
            tuple(d + ".DS_Store", Severity.WARNING), tuple(d + "._good1.png", Severity.ERROR));
    Violation notUtf8 = report.withRule("caption.not-utf8").get(0);
    assertThat(notUtf8.message())
        .isEqualTo("caption is not valid UTF-8: byte 14 is not valid UTF-8");
    assertThat(report.withRule("image.too-small").get(0).message())
        .isEqualTo("600x800 has a short side of 600 px, below 1024");
  }

  @Test
  void check_folderOf10000EmptyFiles_oneViolationPerFile() throws IOException {
    Path dir = Files.createDirectories(root.resolve("40_maya_char"));
    for (int i = 0; i < 10_000; i++) {
      Files.createFile(dir.resolve("img" + i + ".jpg"));
    }

    ValidationReport report = check();

    assertThat(report.withRule("image.empty")).hasSize(10_000);
    assertThat(report.withRule("caption.missing")).hasSize(10_000);
    assertThat(report.withRule("image.empty").get(0).message())
        .isEqualTo("image file is empty (0 bytes)");
  }

  @Test
  void check_editModel_missingAndUpperCaseControlImages() throws IOException {
    captioned("40_maya_char/a.png", "maya_char, portrait");
    captioned("40_maya_char/b.png", "maya_char, portrait");
    captioned("40_maya_char/c.png", "maya_char, portrait");
    image("control/a.png", 512, 512);
    image("control/b.PNG", 512, 512);

    ValidationReport report = check(ScanOptions.defaults(), BaseModel.QWEN_IMAGE_EDIT_2509);

    assertThat(report.withRule("control.missing-image"))
        .extracting(Violation::path, Violation::message)
        .containsExactly(
            tuple(
                "40_maya_char/b.png",
                "control image control/b.PNG has an upper-case extension, which ai-toolkit does"
                    + " not find"),
            tuple("40_maya_char/c.png", "no control image c.* in control"));
    assertThat(report.withRule("image.too-small")).isEmpty();
    assertThat(report.withRule("caption.missing")).isEmpty();
  }

  @Test
  void check_noRepeatFolders_reportsRootImagesAndPlainFolders() throws IOException {
    captioned("a.png", "maya_char, portrait");
    captioned("photos/b.png", "maya_char, portrait");

    ValidationReport report = check();

    assertThat(report.withRule("dataset.no-repeat-folders"))
        .extracting(Violation::message)
        .containsExactlyInAnyOrder(
            "1 images lie directly in the dataset root instead of in N_name folders",
            "none of the 1 folders has a repeat count (N_name): each gets 1 repeat");
  }

  @Test
  void check_emptyFolderAndDefaultCaption_defaultTxtIsNotRead() throws IOException {
    Files.createDirectories(root.resolve("20_maya_char_realbody"));
    image("40_maya_char/a.png", 1024, 1024);
    text("40_maya_char/default.txt", "maya_char, portrait");

    ValidationReport report = check();

    assertThat(report.withRule("dataset.empty-folder"))
        .extracting(Violation::path)
        .containsExactly("20_maya_char_realbody");
    // audit row 14: AiToolkitDataset loads captions through FileItemDTO.load_caption
    // (data_loader.py l.656, dataloader_mixins.py l.333-368 @27a03a91), which has no default.txt
    // fallback; a missing caption is '' and trains as the trigger alone
    assertThat(report.withRule("caption.missing"))
        .extracting(Violation::path, Violation::severity)
        .containsExactly(tuple("40_maya_char/a.png", Severity.ERROR));
    assertThat(report.withRule("caption.missing").get(0).message()).contains("default.txt");
    assertThat(report.withRule("caption.orphan"))
        .extracting(Violation::path)
        .containsExactly("40_maya_char/default.txt");
  }

  @Test
  void check_captionWithoutTrigger_isAWarningBecauseTheTrainerPrependsIt() throws IOException {
    // audit row 13: get_caption (dataloader_mixins.py l.390-394, l.436 @27a03a91) calls
    // inject_trigger_into_prompt with add_if_not_present for every non-reg caption, which puts
    // the trigger in front (prompt_utils.py l.736-742)
    captioned("40_maya_char/a.png", "portrait, smiling");

    ValidationReport report = check();

    assertThat(report.withRule("caption.missing-trigger"))
        .extracting(Violation::path, Violation::severity)
        .containsExactly(tuple("40_maya_char/a.txt", Severity.WARNING));
  }

  @Test
  void check_parentOfRoot_tooDeepOnly() throws IOException {
    captioned("dataset/40_maya_char/a.png", "maya_char, portrait");

    ValidationReport report = check();

    assertThat(report.violations())
        .extracting(Violation::ruleId, Violation::path, Violation::severity)
        .containsExactly(tuple("dataset.too-deep", "dataset/40_maya_char", Severity.ERROR));
  }

  @Test
  void check_nearDuplicates_reportedAsPairsWithDistance() throws IOException {
    TestImages.write(
        root.resolve("40_maya_char/a.png"),
        TestImages.encode(TestImages.picture(300, 280, 5), "png"));
    TestImages.write(
        root.resolve("40_maya_char/b.jpg"),
        TestImages.encode(TestImages.picture(200, 180, 5), "jpeg"));
    TestImages.webp(root.resolve("40_maya_char/c.webp"), 300, 280, 99);
    for (String stem : List.of("a", "b", "c")) {
      text("40_maya_char/" + stem + ".txt", "maya_char, portrait");
    }

    ValidationReport report =
        check(ScanOptions.builder().perceptualHash(true).build(), BaseModel.QWEN_IMAGE);

    List<Violation> near = report.withRule("image.near-duplicate");
    assertThat(near).hasSize(1);
    assertThat(near.get(0).path()).isEqualTo("40_maya_char/b.jpg");
    assertThat(near.get(0).message())
        .startsWith("looks like 40_maya_char/a.png (perceptual hash distance");
    assertThat(Integer.parseInt(near.get(0).value().orElseThrow())).isBetween(0, 6);
  }

  @Test
  void check_onlyFaceShotsAndOnlyLegs_reportsCompositionMix() throws IOException {
    for (int i = 0; i < 12; i++) {
      captioned("40_maya_char/c" + i + ".png", "maya_char, portrait");
    }
    for (int i = 0; i < 10; i++) {
      captioned("20_maya_char_realbody/b" + i + ".png", "maya_char, realistic_body, legs");
    }

    ValidationReport report = check();

    assertThat(report.withRule("composition.framing-mix"))
        .extracting(Violation::path, Violation::value)
        .containsExactly(
            tuple("40_maya_char", java.util.Optional.of("0")),
            tuple("40_maya_char", java.util.Optional.of("0")));
    assertThat(report.withRule("composition.framing-mix").get(0).message())
        .contains("below half the guide's");
    assertThat(report.withRule("composition.body-part-mix")).hasSize(2);
  }
}
