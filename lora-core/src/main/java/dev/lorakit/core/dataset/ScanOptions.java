package dev.lorakit.core.dataset;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How thoroughly {@link DatasetScanner} reads each file.
 *
 * <pre>{@code
 * ScanOptions deep = ScanOptions.defaults().withDeep(true).withPerceptualHash(true);
 * }</pre>
 */
@Value.Immutable
public abstract class ScanOptions {

  /** Which files get a SHA-256 content hash. */
  public enum Hashing {
    /** Every image. Reads every byte of every image. */
    ALL,
    /**
     * Only images whose byte size equals another image's: the only ones that can be exact
     * duplicates. Finds the same duplicates as {@link #ALL} while reading far fewer bytes.
     */
    SIZE_COLLISIONS,
    /** No hashing; exact duplicates are not found. */
    NONE
  }

  /** Decode every image fully, to catch corrupt pixel data the header does not show. */
  @Value.Default
  public boolean deep() {
    return false;
  }

  /**
   * Compute a perceptual hash of every image (a subsampled decode) for near-duplicate detection.
   */
  @Value.Default
  public boolean perceptualHash() {
    return false;
  }

  /**
   * A folder where perceptual hashes are kept between scans, keyed by each image's path, byte size
   * and modification time, so a later scan decodes only what changed. Empty (the default): no
   * cache. The CLI uses the user's cache folder ({@code $XDG_CACHE_HOME/lorakit} or {@code
   * ~/.cache/lorakit}); nothing is written into the dataset.
   */
  public abstract Optional<Path> hashCache();

  @Value.Default
  public Hashing hashing() {
    return Hashing.SIZE_COLLISIONS;
  }

  /** The caption extension without a dot; ai-toolkit's {@code caption_ext} default. */
  @Value.Default
  public String captionExtension() {
    return "txt";
  }

  /** Caption files larger than this are not read (a caption is a line, not a book). */
  @Value.Default
  @Min(1)
  public int maxCaptionBytes() {
    return 1 << 20;
  }

  /** Worker threads; defaults to the number of processors. */
  @Value.Default
  @Min(1)
  public int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Header mode, size-collision hashing, no perceptual hash. */
  public static ScanOptions defaults() {
    return ImmutableScanOptions.builder().build();
  }

  public static ImmutableScanOptions.Builder builder() {
    return ImmutableScanOptions.builder();
  }
}
