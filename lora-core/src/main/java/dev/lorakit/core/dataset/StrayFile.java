package dev.lorakit.core.dataset;

import org.immutables.value.Value;

/**
 * A file in a dataset folder that is neither an image nor a caption.
 *
 * <pre>{@code
 * snapshot.strayFiles().get(0).kind(); // APPLE_DOUBLE for "40_maya_char/._img001.jpg"
 * }</pre>
 */
@Value.Immutable
public abstract class StrayFile {

  /** What kind of stray file this is. */
  public enum Kind {
    /** {@code .DS_Store}, {@code Thumbs.db}, {@code desktop.ini}. */
    SYSTEM_FILE,
    /** A macOS {@code ._name} resource fork; with an image extension a loader chokes on it. */
    APPLE_DOUBLE,
    /** A temporary file left by an interrupted lorakit caption edit. */
    EDIT_LEFTOVER,
    /** Any other hidden file or folder. */
    HIDDEN,
    /** Any other file: wrong caption extension, a video, a document. */
    UNKNOWN_TYPE
  }

  @Value.Parameter
  public abstract String path();

  @Value.Parameter
  public abstract Kind kind();

  public static StrayFile of(String path, Kind kind) {
    return ImmutableStrayFile.of(path, kind);
  }

  /** Whether a trainer will try to load it as an image: {@code ._img.jpg} and the like. */
  public boolean looksLikeImage() {
    return ImageFormat.fromFileName(path()).isPresent();
  }
}
