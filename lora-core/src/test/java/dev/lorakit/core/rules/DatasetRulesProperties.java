package dev.lorakit.core.rules;

import static org.quicktheories.QuickTheory.qt;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.CaptionEncoding;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ImageFormat;
import dev.lorakit.core.dataset.ImmutableCaptionFile;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.dataset.ImmutableImageEntry;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.dataset.ScanProblem;
import dev.lorakit.core.dataset.StrayFile;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The rules never throw, whatever the snapshot holds, and report only their own ids. */
class DatasetRulesProperties {
  private static final String[] FOLDERS = {
    "40_maya_char", "20_maya_char_realbody", "control", ".", "photos", "10_reg"
  };
  private static final String[] TAGS = {
    "maya_char",
    "portrait",
    "full body",
    "realistic_body",
    "legs",
    "torso",
    "cowboy shot",
    "",
    "Maya_Char",
    "smiling"
  };
  private static final Set<String> IDS =
      DatasetRules.descriptors().stream().map(RuleDescriptor::id).collect(Collectors.toSet());

  static DatasetSnapshot snapshot(long seed) {
    Random r = new Random(seed);
    List<DatasetFolder> folders = new ArrayList<>();
    for (String f : FOLDERS) {
      if (r.nextBoolean()) {
        DatasetFolder folder = DatasetFolder.fromFolderName(f);
        if (r.nextBoolean()) {
          folder = ImmutableDatasetFolder.copyOf(folder).withControlFolders("control");
        }
        folders.add(folder);
      }
    }
    List<ImageEntry> images = new ArrayList<>();
    List<CaptionFile> captions = new ArrayList<>();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      String folder = FOLDERS[r.nextInt(FOLDERS.length)];
      String stem = "img" + r.nextInt(12);
      ImageFormat format = ImageFormat.values()[r.nextInt(3)];
      String prefix = folder.equals(".") ? "" : folder + "/";
      ImmutableImageEntry.Builder b =
          ImageEntry.builder()
              .path(prefix + stem + (r.nextBoolean() ? ".jpg" : ".PNG"))
              .folder(folder)
              .stem(stem)
              .format(format)
              .byteSize(r.nextInt(3) == 0 ? 0 : r.nextInt(1 << 20))
              .width(r.nextInt(3000))
              .height(r.nextInt(3000))
              .orientation(1 + r.nextInt(8));
      if (r.nextInt(4) == 0) {
        b.defect("broken");
      }
      if (r.nextBoolean()) {
        b.sha256(Integer.toHexString(r.nextInt(4)));
      }
      if (r.nextBoolean()) {
        b.perceptualHash(r.nextLong() & (r.nextBoolean() ? 0xffL : -1L));
      }
      images.add(b.build());
      if (r.nextInt(3) > 0) {
        CaptionEncoding enc = CaptionEncoding.values()[r.nextInt(CaptionEncoding.values().length)];
        ImmutableCaptionFile.Builder c =
            CaptionFile.builder()
                .path(prefix + stem + ".txt")
                .folder(folder)
                .stem(r.nextInt(5) == 0 ? "default" : stem)
                .byteSize(r.nextInt(100))
                .encoding(enc);
        if (enc.decoded()) {
          StringBuilder text = new StringBuilder();
          int tags = r.nextInt(30);
          for (int t = 0; t < tags; t++) {
            text.append(TAGS[r.nextInt(TAGS.length)]).append(r.nextBoolean() ? ", " : ",\r\n");
          }
          c.text(text.toString());
        }
        captions.add(c.build());
      }
    }
    return DatasetSnapshot.builder()
        .root(Path.of("dataset"))
        .spec(DatasetSpec.builder().folders(folders).build())
        .images(images)
        .captions(captions.stream().distinct().collect(Collectors.toList()))
        .addStrayFile(StrayFile.of("40_maya_char/._a.jpg", StrayFile.Kind.APPLE_DOUBLE))
        .tooDeep(r.nextBoolean() ? List.of("x/40_maya") : List.of("40_maya_char/sub/a.jpg"))
        .problems(r.nextBoolean() ? List.of(ScanProblem.of("x", "permission denied")) : List.of())
        .options(ScanOptions.defaults())
        .build();
  }

  @Test
  void check_anySnapshot_neverThrowsAndUsesOwnIds() {
    qt().forAll(SourceDSL.longs().all(), SourceDSL.booleans().all())
        .check(
            (seed, edit) -> {
              DatasetSnapshot s = snapshot(seed);
              LoraProject project =
                  LoraProject.builder()
                      .name("p")
                      .trigger(TriggerWord.of(edit ? "maya_char" : ""))
                      .baseModel(edit ? BaseModel.QWEN_IMAGE_EDIT_2509 : BaseModel.QWEN_IMAGE)
                      .dataset(s.spec())
                      .build();
              ValidationReport report = DatasetRules.standard().check(s, project);
              return report.violations().stream()
                  .allMatch(v -> IDS.contains(v.ruleId()) && !v.path().isEmpty());
            });
  }
}
