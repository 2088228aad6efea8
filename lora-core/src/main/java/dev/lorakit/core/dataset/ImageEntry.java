package dev.lorakit.core.dataset;

import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One image file as found on disk.
 *
 * <pre>{@code
 * ImageEntry image = snapshot.images().get(0);
 * image.path();      // "40_maya_char/img001.jpg"
 * image.shortSide(); // 1024, after EXIF orientation
 * }</pre>
 */
@Value.Immutable
public abstract class ImageEntry {

  /** Path relative to the dataset root, with {@code /} separators. */
  public abstract String path();

  /** The dataset folder holding the image, relative to the root; {@code .} for the root itself. */
  public abstract String folder();

  /** The file name without its last extension; captions and control images pair on it. */
  public abstract String stem();

  /** The format its extension names. */
  public abstract ImageFormat format();

  public abstract long byteSize();

  /** Width as displayed, that is after EXIF orientation; 0 when the header could not be read. */
  public abstract int width();

  /** Height as displayed, that is after EXIF orientation; 0 when the header could not be read. */
  public abstract int height();

  /** The EXIF orientation (1-8); 1 when absent. Orientations 5-8 swap width and height. */
  @Value.Default
  public int orientation() {
    return 1;
  }

  /**
   * Why the file is not a usable image: empty, unreadable, not an image, truncated, or (in deep
   * mode) pixel data that does not decode. Empty for a good image.
   */
  public abstract Optional<String> defect();

  /** Lower-case hex SHA-256 of the file's bytes, when it was computed (see {@link ScanOptions}). */
  public abstract Optional<String> sha256();

  /** The 64-bit difference hash (dHash) of the picture, when perceptual hashing was on. */
  public abstract OptionalLong perceptualHash();

  public static ImmutableImageEntry.Builder builder() {
    return ImmutableImageEntry.builder();
  }

  public boolean readable() {
    return defect().isEmpty();
  }

  public int shortSide() {
    return Math.min(width(), height());
  }

  /** The file name with its extension. */
  public String fileName() {
    return path().substring(path().lastIndexOf('/') + 1);
  }
}
