package dev.lorakit.core.face;

import dev.lorakit.core.dataset.FolderRole;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** One dataset image as the face audit saw it. */
@Value.Immutable
public abstract class AuditedImage {
  /** Dataset-relative path with {@code /}. */
  public abstract String path();

  /** Dataset-relative folder of the image. */
  public abstract String folder();

  public abstract FolderRole role();

  /** Width as decoded (EXIF orientation applied when the reader does). */
  public abstract int width();

  public abstract int height();

  /** Faces found, best first; empty when none or when the image could not be read. */
  public abstract List<AuditedFace> faces();

  /** Why the image could not be audited, when it could not. */
  public abstract Optional<String> problem();

  /** True when a loss mask of the same stem already covers this image's foreign faces. */
  @Value.Default
  public boolean masked() {
    return false;
  }

  public static ImmutableAuditedImage.Builder builder() {
    return ImmutableAuditedImage.builder();
  }
}
