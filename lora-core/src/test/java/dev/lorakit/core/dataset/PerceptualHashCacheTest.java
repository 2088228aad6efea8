package dev.lorakit.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerceptualHashCacheTest {
  @TempDir Path root;
  @TempDir Path cacheDir;

  private DatasetSnapshot scan() {
    return DatasetScanner.of(ScanOptions.builder().perceptualHash(true).hashCache(cacheDir).build())
        .scan(root);
  }

  private static long hash(DatasetSnapshot s, String path) {
    return s.images().stream()
        .filter(i -> i.path().equals(path))
        .findFirst()
        .orElseThrow()
        .perceptualHash()
        .orElseThrow();
  }

  private Path cacheFile() {
    return cacheDir.resolve(PerceptualHashCache.fileName(root));
  }

  /**
   * Puts a hash no decoder gives into the cache, keeping the key: a scan that returns it read it.
   */
  private void plant(String path, long fake) throws IOException {
    List<String> lines =
        Files.readAllLines(cacheFile(), StandardCharsets.UTF_8).stream()
            .map(
                l -> {
                  String[] f = l.split("\t", 4);
                  return f.length == 4 && f[3].equals(path)
                      ? f[0] + "\t" + f[1] + "\t" + Long.toHexString(fake) + "\t" + f[3]
                      : l;
                })
            .collect(Collectors.toList());
    Files.write(cacheFile(), lines, StandardCharsets.UTF_8);
  }

  @Test
  void scan_secondScan_takesUnchangedImagesFromTheCache() throws IOException {
    TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);
    TestImages.webp(root.resolve("10_x/b.webp"), 240, 180, 2);
    long realA = hash(scan(), "10_x/a.png");
    assertThat(Files.readAllLines(cacheFile()).get(0)).isEqualTo("lorakit-phash 1");
    plant("10_x/a.png", 0x5eed_cafe_f00dL);

    DatasetSnapshot second = scan();

    assertThat(hash(second, "10_x/a.png")).isEqualTo(0x5eed_cafe_f00dL);
    assertThat(realA).isNotEqualTo(0x5eed_cafe_f00dL);
  }

  @Test
  void scan_changedModificationTime_hashesTheImageAgain() throws IOException {
    Path a = TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);
    long realA = hash(scan(), "10_x/a.png");
    plant("10_x/a.png", 0x5eed_cafe_f00dL);
    Files.setLastModifiedTime(
        a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));

    assertThat(hash(scan(), "10_x/a.png")).isEqualTo(realA);
  }

  @Test
  void scan_changedSize_hashesTheImageAgain() throws IOException {
    Path a = TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);
    FileTime mtime = Files.getLastModifiedTime(a);
    long size = Files.size(a);
    scan();
    plant("10_x/a.png", 0x5eed_cafe_f00dL);
    TestImages.png(a, 640, 480, 7);
    Files.setLastModifiedTime(a, mtime);
    assertThat(Files.size(a)).isNotEqualTo(size);

    assertThat(hash(scan(), "10_x/a.png")).isNotEqualTo(0x5eed_cafe_f00dL);
  }

  @Test
  void scan_damagedCache_isIgnoredAndRewritten() throws IOException {
    TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);
    long realA = hash(scan(), "10_x/a.png");
    Files.writeString(cacheFile(), "lorakit-phash 1\nnot\ta number\tzz\t10_x/a.png\n\u0000\n");

    assertThat(hash(scan(), "10_x/a.png")).isEqualTo(realA);
    assertThat(Files.readString(cacheFile())).contains(Long.toHexString(realA) + "\t10_x/a.png");
  }

  @Test
  void scan_removedImage_dropsOutOfTheCacheAndNothingIsWrittenIntoTheDataset() throws IOException {
    TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);
    Path b = TestImages.png(root.resolve("10_x/b.png"), 300, 200, 2);
    scan();
    Files.delete(b);

    DatasetSnapshot s = scan();

    assertThat(Files.readString(cacheFile())).contains("10_x/a.png").doesNotContain("10_x/b.png");
    assertThat(s.strayFiles()).isEmpty();
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
    }
  }

  @Test
  void scan_withoutPerceptualHash_neitherReadsNorWritesTheCache() {
    TestImages.png(root.resolve("10_x/a.png"), 300, 200, 1);

    DatasetScanner.of(ScanOptions.builder().hashCache(cacheDir).build()).scan(root);

    assertThat(cacheFile()).doesNotExist();
  }
}
