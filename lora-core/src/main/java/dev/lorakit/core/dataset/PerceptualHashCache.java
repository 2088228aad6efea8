package dev.lorakit.core.dataset;

import dev.lorakit.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Perceptual hashes of one dataset root from an earlier scan, keyed by the image's relative path,
 * byte size and modification time: a second {@code check --similar} decodes only the images that
 * changed. One text file per dataset root in the cache folder ({@link ScanOptions#hashCache()}),
 * named by a digest of the root's absolute path, so nothing is written beside the images.
 *
 * <p>Format: a first line {@code lorakit-phash 1}, then {@code size<TAB>mtime<TAB>hash<TAB>path}
 * lines (mtime in nanoseconds since the epoch, hash in hex). A file that does not start with that
 * line is ignored and rewritten, so a change of the hash algorithm bumps the version.
 */
final class PerceptualHashCache {
  private static final String HEADER = "lorakit-phash 1";

  private final Path file;
  private final Map<String, Entry> entries;

  private PerceptualHashCache(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  /** One cached hash: valid while the file keeps its size and modification time. */
  static final class Entry {
    final long size;
    final long mtime;
    final long hash;

    Entry(long size, long mtime, long hash) {
      this.size = size;
      this.mtime = mtime;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry
          && ((Entry) o).size == size
          && ((Entry) o).mtime == mtime
          && ((Entry) o).hash == hash;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(size) * 31 * 31 + Long.hashCode(mtime) * 31 + Long.hashCode(hash);
    }
  }

  /** The cache of {@code root} in {@code folder}; empty when there is none or it is unreadable. */
  static PerceptualHashCache load(Path folder, Path root) {
    Path file = folder.resolve(fileName(root));
    Map<String, Entry> entries = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).equals(HEADER)) {
        for (String line : lines.subList(1, lines.size())) {
          parse(line).ifPresent(e -> entries.put(e.getKey(), e.getValue()));
        }
      }
    } catch (NoSuchFileException e) {
      // first scan of this root
    } catch (IOException | RuntimeException e) {
      // a damaged or unreadable cache only costs a full hashing pass
      entries.clear();
    }
    return new PerceptualHashCache(file, entries);
  }

  private static Optional<Map.Entry<String, Entry>> parse(String line) {
    String[] f = line.split("\t", 4);
    if (f.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Map.entry(
              f[3],
              new Entry(
                  Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseUnsignedLong(f[2], 16))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The cached hash of an image, when its size and modification time still match. */
  OptionalLong lookup(String path, long size, long mtime) {
    Entry e = entries.get(path);
    return e != null && e.size == size && e.mtime == mtime
        ? OptionalLong.of(e.hash)
        : OptionalLong.empty();
  }

  /**
   * Replaces the cache with the hashes of this scan (images that vanished drop out). Written
   * atomically; a failure to write is not an error of the scan, only a cost of the next one.
   */
  boolean save(Map<String, Entry> current) {
    if (current.equals(entries)) {
      return true;
    }
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    current.entrySet().stream()
        .filter(e -> e.getKey().indexOf('\n') < 0 && e.getKey().indexOf('\r') < 0)
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                text.append(e.getValue().size)
                    .append('\t')
                    .append(e.getValue().mtime)
                    .append('\t')
                    .append(Long.toHexString(e.getValue().hash))
                    .append('\t')
                    .append(e.getKey())
                    .append('\n'));
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  Path file() {
    return file;
  }

  int size() {
    return entries.size();
  }

  static String fileName(Path root) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return "phash-" + HexFormat.of().formatHex(digest, 0, 16).toLowerCase(Locale.ROOT) + ".tsv";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
