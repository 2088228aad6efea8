package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
  @TempDir Path root;

  private static void text(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private DatasetSnapshot scan() {
    return DatasetScanner.create().scan(root);
  }

  private static ImageEntry image(DatasetSnapshot s, String path) {
    return s.images().stream().filter(i -> i.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void scan_kohyaFolders_countsRepeatsRolesAndPairsCaptions() throws IOException {
    TestImages.jpeg(root.resolve("40_maya_char/img001.jpg"), 120, 80, 1);
    TestImages.png(root.resolve("40_maya_char/img002.png"), 64, 64, 2);
    TestImages.webp(root.resolve("40_maya_char/img003.webp"), 90, 45, 3);
    text(root.resolve("40_maya_char/img001.txt"), "maya_char, portrait");
    TestImages.jpeg(root.resolve("20_maya_char_realbody/body001.jpg"), 50, 100, 4);

    DatasetSnapshot s = scan();

    assertThat(s.images())
        .extracting(ImageEntry::path)
        .containsExactly(
            "20_maya_char_realbody/body001.jpg",
            "40_maya_char/img001.jpg",
            "40_maya_char/img002.png",
            "40_maya_char/img003.webp");
    ImageEntry webp = image(s, "40_maya_char/img003.webp");
    assertThat(webp.width()).isEqualTo(90);
    assertThat(webp.height()).isEqualTo(45);
    assertThat(webp.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(webp.readable()).isTrue();
    ImageEntry jpg = image(s, "40_maya_char/img001.jpg");
    assertThat(jpg.width()).isEqualTo(120);
    assertThat(jpg.byteSize()).isEqualTo(Files.size(root.resolve("40_maya_char/img001.jpg")));
    assertThat(s.captionFor(jpg).orElseThrow().caption().orElseThrow().text())
        .isEqualTo("maya_char, portrait");
    assertThat(s.captionFor(image(s, "40_maya_char/img002.png"))).isEmpty();

    DatasetFolder character = s.folder("40_maya_char").orElseThrow();
    assertThat(character.repeats()).isEqualTo(40);
    assertThat(character.role()).isEqualTo(FolderRole.CHARACTER);
    assertThat(character.imageCount()).hasValue(3);
    DatasetFolder body = s.folder("20_maya_char_realbody").orElseThrow();
    assertThat(body.role()).isEqualTo(FolderRole.BODY_REALISM);
    assertThat(body.imageCount()).hasValue(1);
    assertThat(s.spec().countsKnown()).isTrue();
    assertThat(s.spec().samplesPerEpoch()).isEqualTo(40 * 3 + 20);
    assertThat(s.triggerFromFolders())
        .hasValue(dev.lorakit.core.caption.TriggerWord.of("maya_char"));
  }

  @Test
  void scan_upperCaseAndSpacedNames_areImages() throws IOException {
    TestImages.jpeg(root.resolve("10_x/My Photo É.JPG"), 40, 30, 1);
    TestImages.png(root.resolve("10_x/b.PnG"), 30, 20, 1);
    text(root.resolve("10_x/My Photo É.txt"), "x");

    DatasetSnapshot s = scan();

    assertThat(s.images()).hasSize(2).allMatch(ImageEntry::readable);
    assertThat(s.captionFor(image(s, "10_x/My Photo É.JPG"))).isPresent();
  }

  @Test
  void scan_exifOrientation6_reportsDisplayedSize() {
    TestImages.jpegWithOrientation(root.resolve("10_x/rotated.jpg"), 200, 100, 6);
    TestImages.jpegWithOrientation(root.resolve("10_x/upright.jpg"), 200, 100, 1);

    DatasetSnapshot s = scan();

    ImageEntry rotated = image(s, "10_x/rotated.jpg");
    assertThat(rotated.orientation()).isEqualTo(6);
    assertThat(rotated.width()).isEqualTo(100);
    assertThat(rotated.height()).isEqualTo(200);
    ImageEntry upright = image(s, "10_x/upright.jpg");
    assertThat(upright.width()).isEqualTo(200);
  }

  @Test
  void scan_garbagePixelData_passesHeaderModeAndFailsDeepMode() {
    TestImages.pngWithGarbagePixels(root.resolve("10_x/garbage.png"), 1200, 1100);
    TestImages.png(root.resolve("10_x/good.png"), 40, 40, 1);
    TestImages.jpegWithGarbagePixels(root.resolve("10_x/garbage.jpg"), 300, 200);

    ImageEntry header = image(scan(), "10_x/garbage.png");
    assertThat(header.readable()).isTrue();
    assertThat(header.width()).isEqualTo(1200);

    DatasetSnapshot deep = DatasetScanner.of(ScanOptions.builder().deep(true).build()).scan(root);
    assertThat(image(deep, "10_x/garbage.png").defect())
        .hasValueSatisfying(d -> assertThat(d).startsWith("pixel data cannot be decoded"));
    assertThat(image(deep, "10_x/good.png").readable()).isTrue();
    assertThat(image(scan(), "10_x/garbage.jpg").readable()).isTrue();
    assertThat(image(deep, "10_x/garbage.jpg").defect()).isPresent();
  }

  @Test
  void scan_truncatedEmptyAndFakeImages_haveDefects() throws IOException {
    byte[] jpeg = TestImages.encode(TestImages.picture(100, 100, 1), "jpeg");
    TestImages.write(root.resolve("10_x/cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    byte[] png = TestImages.encode(TestImages.picture(100, 100, 1), "png");
    TestImages.write(root.resolve("10_x/cut.png"), java.util.Arrays.copyOf(png, png.length - 20));
    byte[] webp = TestImages.webp(100, 100, 1);
    TestImages.write(root.resolve("10_x/cut.webp"), java.util.Arrays.copyOf(webp, 40));
    TestImages.write(root.resolve("10_x/empty.jpg"), new byte[0]);
    byte[] trailer = java.util.Arrays.copyOf(jpeg, jpeg.length + 10_000); // motion-photo style
    TestImages.write(root.resolve("10_x/trailer.jpg"), trailer);
    text(root.resolve("10_x/text.jpg"), "not an image at all");

    DatasetSnapshot s = scan();

    assertThat(image(s, "10_x/cut.jpg").defect())
        .hasValueSatisfying(d -> assertThat(d).contains("truncated"));
    assertThat(image(s, "10_x/cut.png").defect())
        .hasValueSatisfying(d -> assertThat(d).contains("truncated"));
    assertThat(image(s, "10_x/cut.webp").defect())
        .hasValueSatisfying(d -> assertThat(d).contains("truncated"));
    assertThat(image(s, "10_x/empty.jpg").defect()).hasValue("empty file (0 bytes)");
    assertThat(image(s, "10_x/trailer.jpg").defect()).isEmpty();
    assertThat(image(s, "10_x/empty.jpg").byteSize()).isZero();
    assertThat(image(s, "10_x/text.jpg").defect())
        .hasValueSatisfying(d -> assertThat(d).contains("not a JPEG"));
  }

  @Test
  void scan_decompressionBombHeader_defectWithoutDecoding() {
    TestImages.pngWithGarbagePixels(root.resolve("10_x/bomb.png"), 20000, 20000);

    DatasetSnapshot deep = DatasetScanner.of(ScanOptions.builder().deep(true).build()).scan(root);

    assertThat(image(deep, "10_x/bomb.png").defect())
        .hasValueSatisfying(d -> assertThat(d).contains("decompression bomb"));
  }

  @Test
  void scan_captionEncodings_bomAndCrlfDecodeLatin1DoesNot() throws IOException {
    Path dir = root.resolve("10_x");
    Files.createDirectories(dir);
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] body = "x, portrait\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(dir.resolve("a.txt"), withBom);
    Files.write(dir.resolve("b.txt"), "x, café".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(dir.resolve("c.txt"), new byte[2 << 20]);

    DatasetSnapshot s = scan();

    CaptionFile a = s.captions().get(0);
    assertThat(a.encoding()).isEqualTo(CaptionEncoding.UTF8_BOM);
    assertThat(a.caption().orElseThrow().text()).isEqualTo("x, portrait");
    CaptionFile b = s.captions().get(1);
    assertThat(b.encoding()).isEqualTo(CaptionEncoding.NOT_UTF8);
    assertThat(b.problem()).hasValue("byte 6 is not valid UTF-8");
    CaptionFile c = s.captions().get(2);
    assertThat(c.encoding()).isEqualTo(CaptionEncoding.TOO_LARGE);
    assertThat(c.text()).isEmpty();
  }

  @Test
  void scan_strayFiles_classified() throws IOException {
    text(root.resolve("10_x/.DS_Store"), "x");
    text(root.resolve("10_x/._img.jpg"), "x");
    text(root.resolve("10_x/Thumbs.db"), "x");
    text(root.resolve("10_x/notes.caption"), "x");
    text(root.resolve("10_x/.lorakit-a.txt.tmp"), "x");
    text(root.resolve("10_x/_latent_cache/a.safetensors"), "x");
    text(root.resolve("10_x/a.npz"), "x");

    DatasetSnapshot s = scan();

    assertThat(s.strayFiles())
        .containsExactly(
            StrayFile.of("10_x/.DS_Store", StrayFile.Kind.SYSTEM_FILE),
            StrayFile.of("10_x/._img.jpg", StrayFile.Kind.APPLE_DOUBLE),
            StrayFile.of("10_x/.lorakit-a.txt.tmp", StrayFile.Kind.EDIT_LEFTOVER),
            StrayFile.of("10_x/Thumbs.db", StrayFile.Kind.SYSTEM_FILE),
            StrayFile.of("10_x/notes.caption", StrayFile.Kind.UNKNOWN_TYPE));
    assertThat(s.images()).isEmpty();
  }

  @Test
  void scan_parentOfDatasetRoot_reportsTooDeep() {
    TestImages.jpeg(root.resolve("dataset/40_maya/a.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("dataset/20_maya_realbody/b.jpg"), 20, 20, 1);

    DatasetSnapshot s = scan();

    assertThat(s.tooDeep()).containsExactly("dataset/20_maya_realbody", "dataset/40_maya");
  }

  @Test
  void scan_imageInSubfolderOfRepeatFolder_isTooDeep() {
    TestImages.jpeg(root.resolve("40_maya/extra/a.jpg"), 20, 20, 1);

    assertThat(scan().tooDeep()).containsExactly("40_maya/extra/a.jpg");
  }

  @Test
  void scan_controlFolders_pairedByName() {
    TestImages.jpeg(root.resolve("40_maya_char/a.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("20_maya_char_realbody/b.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("maya_char_realbody_control/b.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("control_1/a.jpg"), 20, 20, 1);

    DatasetSnapshot s = scan();

    assertThat(s.folder("40_maya_char").orElseThrow().controlFolders())
        .containsExactly("control_1");
    assertThat(s.folder("20_maya_char_realbody").orElseThrow().controlFolders())
        .containsExactly("control_1", "maya_char_realbody_control");
    assertThat(s.folder("control_1").orElseThrow().role()).isEqualTo(FolderRole.CONTROL);
    assertThat(s.trainingImages()).hasSize(2);
  }

  @Test
  void scan_fromSpec_readsDeclaredFoldersOnly() {
    TestImages.jpeg(root.resolve("chars/a.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("chars/b.jpg"), 20, 20, 2);
    TestImages.jpeg(root.resolve("ctrl/a.jpg"), 20, 20, 1);
    TestImages.jpeg(root.resolve("ignored/c.jpg"), 20, 20, 1);
    DatasetSpec spec =
        DatasetSpec.builder()
            .addFolder(
                ImmutableDatasetFolder.builder()
                    .path("chars")
                    .repeats(40)
                    .addControlFolder("ctrl")
                    .build())
            .addFolder(ImmutableDatasetFolder.builder().path("missing").build())
            .build();

    DatasetSnapshot s = DatasetScanner.create().scan(root, spec, ScanListener.NONE);

    assertThat(s.images())
        .extracting(ImageEntry::path)
        .containsExactly("chars/a.jpg", "chars/b.jpg", "ctrl/a.jpg");
    assertThat(s.folder("chars").orElseThrow().imageCount()).hasValue(2);
    assertThat(s.folder("chars").orElseThrow().repeats()).isEqualTo(40);
    assertThat(s.folder("ctrl").orElseThrow().role()).isEqualTo(FolderRole.CONTROL);
    assertThat(s.problems())
        .containsExactly(ScanProblem.of("missing", "folder missing does not exist"));
  }

  @Test
  void scan_sameSizeFiles_hashedAndOthersNot() throws IOException {
    Path a = TestImages.jpeg(root.resolve("10_x/a.jpg"), 50, 50, 1);
    Files.copy(a, root.resolve("10_x/copy.jpg"));
    TestImages.png(root.resolve("10_x/other.png"), 50, 50, 9);

    DatasetSnapshot s = scan();

    assertThat(image(s, "10_x/a.jpg").sha256())
        .isPresent()
        .isEqualTo(image(s, "10_x/copy.jpg").sha256());
    assertThat(image(s, "10_x/other.png").sha256()).isEmpty();
    DatasetSnapshot all =
        DatasetScanner.of(ScanOptions.builder().hashing(ScanOptions.Hashing.ALL).build())
            .scan(root);
    assertThat(image(all, "10_x/other.png").sha256())
        .hasValueSatisfying(h -> assertThat(h).hasSize(64));
  }

  @Test
  void scan_perceptualHash_closeForResizedFarForDifferent() {
    TestImages.write(
        root.resolve("10_x/a.png"), TestImages.encode(TestImages.picture(300, 200, 5), "png"));
    TestImages.write(
        root.resolve("10_x/a-small.jpg"),
        TestImages.encode(TestImages.picture(150, 100, 5), "jpeg"));
    TestImages.webp(root.resolve("10_x/other.webp"), 300, 200, 77);

    DatasetSnapshot s =
        DatasetScanner.of(ScanOptions.builder().perceptualHash(true).build()).scan(root);

    long a = image(s, "10_x/a.png").perceptualHash().orElseThrow();
    long small = image(s, "10_x/a-small.jpg").perceptualHash().orElseThrow();
    long other = image(s, "10_x/other.webp").perceptualHash().orElseThrow();
    assertThat(PerceptualHash.distance(a, small)).isLessThanOrEqualTo(4);
    assertThat(PerceptualHash.distance(a, other)).isGreaterThan(10);
  }

  @Test
  void scan_listener_seesEveryFileAndCanCancel() {
    for (int i = 0; i < 20; i++) {
      TestImages.jpeg(root.resolve("10_x/" + i + ".jpg"), 16, 16, i);
    }
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger total = new AtomicInteger();
    DatasetScanner.create()
        .scan(
            root,
            new ScanListener() {
              @Override
              public void started(int files) {
                total.set(files);
              }

              @Override
              public void fileScanned(String path, int done, int all) {
                seen.add(path);
              }
            });
    assertThat(total.get()).isEqualTo(20);
    assertThat(seen).hasSize(20).contains("10_x/7.jpg");

    AtomicInteger calls = new AtomicInteger();
    ScanListener cancelAfterThree =
        new ScanListener() {
          @Override
          public void fileScanned(String path, int done, int all) {
            calls.incrementAndGet();
          }

          @Override
          public boolean cancelled() {
            return calls.get() >= 3;
          }
        };
    assertThatThrownBy(() -> DatasetScanner.create().scan(root, cancelAfterThree))
        .isInstanceOf(CancellationException.class);
    assertThat(calls.get()).isLessThan(20);
  }

  @Test
  void scan_missingRootOrFile_throwsOneLineException() throws IOException {
    assertThatThrownBy(() -> DatasetScanner.create().scan(root.resolve("nope")))
        .isInstanceOf(DatasetScanException.class)
        .hasMessageContaining("does not exist");
    Path file = Files.writeString(root.resolve("file.txt"), "x");
    assertThatThrownBy(() -> DatasetScanner.create().scan(file))
        .isInstanceOf(DatasetScanException.class)
        .hasMessageContaining("is not a folder");
  }

  @Test
  void scan_symlinkLoop_reportsAndEnds() throws IOException {
    TestImages.jpeg(root.resolve("10_x/a.jpg"), 16, 16, 1);
    Files.createSymbolicLink(root.resolve("10_x/loop"), root.resolve("10_x"));
    Files.createSymbolicLink(root.resolve("10_x/self"), root.resolve("10_x/self"));

    DatasetSnapshot s = scan();

    assertThat(s.images()).extracting(ImageEntry::path).containsExactly("10_x/a.jpg");
    assertThat(s.problems()).extracting(ScanProblem::path).contains("10_x/loop");
    assertThat(s.tooDeep()).isEmpty();
  }

  @Test
  void scan_unreadableFile_isDefectNotException() throws IOException {
    Path a = TestImages.jpeg(root.resolve("10_x/a.jpg"), 16, 16, 1);
    Path c = Files.writeString(root.resolve("10_x/a.txt"), "x");
    a.toFile().setReadable(false);
    c.toFile().setReadable(false);
    try {
      DatasetSnapshot s = scan();
      if (Files.isReadable(a)) {
        return; // running as root: permissions do not apply
      }
      assertThat(image(s, "10_x/a.jpg").defect()).hasValue("cannot be read: permission denied");
      assertThat(s.captions().get(0).encoding()).isEqualTo(CaptionEncoding.UNREADABLE);
    } finally {
      a.toFile().setReadable(true);
      c.toFile().setReadable(true);
    }
  }
}
