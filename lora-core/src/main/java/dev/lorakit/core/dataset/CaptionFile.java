package dev.lorakit.core.dataset;

import dev.lorakit.core.caption.Caption;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One caption file as found on disk, decoded when it is valid UTF-8.
 *
 * <pre>{@code
 * CaptionFile file = snapshot.captionFor(image).orElseThrow();
 * file.caption().map(c -> c.hasTag("portrait")); // Optional[true]
 * }</pre>
 */
@Value.Immutable
public abstract class CaptionFile {

  /** Path relative to the dataset root, with {@code /} separators. */
  public abstract String path();

  /** The dataset folder holding the caption, relative to the root; {@code .} for the root. */
  public abstract String folder();

  /** The file name without its extension, paired with the image of the same stem. */
  public abstract String stem();

  public abstract long byteSize();

  public abstract CaptionEncoding encoding();

  /** The decoded text without a byte-order mark, when the file is valid UTF-8. */
  public abstract Optional<String> text();

  /** Why the text is absent: the offset of the first bad byte, or the read error. */
  public abstract Optional<String> problem();

  public static ImmutableCaptionFile.Builder builder() {
    return ImmutableCaptionFile.builder();
  }

  /** The parsed caption, when the text could be decoded. */
  @Value.Lazy
  public Optional<Caption> caption() {
    return text().map(Caption::parse);
  }
}
