package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.PEERS;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.Collections;
import java.util.List;

/**
 * The image-file rules: readable, not empty, and at least as large as the largest training
 * resolution.
 *
 * <pre>{@code
 * String id = ImageFileRules.TOO_SMALL.id(); // "image.too-small"
 * }</pre>
 */
public final class ImageFileRules {

  /** An image whose short side is below the largest training resolution. */
  public static final RuleDescriptor TOO_SMALL =
      dataset(
          "image.too-small",
          WARNING,
          "an image whose short side is below the largest training resolution (1024 by default)",
          "ai-toolkit never upscales: a small image lands in a smaller bucket and the LoRA learns"
              + " less detail at full resolution",
          "replace it with an image of at least 1024 px on the short side",
          GUIDE + "Quality Requirements; " + AITK + "§2.4 bucketing");

  /** An image that cannot be read. */
  public static final RuleDescriptor CORRUPT =
      dataset(
          "image.corrupt",
          ERROR,
          "an image that cannot be read: not an image, truncated, or (deep mode) damaged pixels",
          "ai-toolkit drops it with 'Error processing image' or crashes while caching latents on"
              + " the pod",
          "re-export or re-download the image",
          PEERS + "§2 kohya_ss 5, §4 ai-toolkit");

  /** A 0-byte image file. */
  public static final RuleDescriptor EMPTY =
      dataset(
          "image.empty",
          ERROR,
          "a 0-byte image file",
          "an interrupted copy or download; the loader fails on it",
          "copy the image again",
          PEERS + "§5.1");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET = List.of(TOO_SMALL, CORRUPT, EMPTY);

  private ImageFileRules() {}

  /** Every image: empty, defective, or smaller than the largest training resolution. */
  static void images(DatasetWalk w) {
    int minSide = Collections.max(w.project().training().resolutions());
    for (ImageEntry image : w.snapshot().images()) {
      if (image.byteSize() == 0) {
        w.f(EMPTY)
            .report(image.path(), "image file is empty (0 bytes)", "copy the image again", 0, 1);
        continue;
      }
      if (image.defect().isPresent()) {
        w.f(CORRUPT)
            .report(
                image.path(),
                "image " + image.defect().get(),
                "re-export or re-download the image",
                null,
                null);
        continue;
      }
      if (!w.isControl(image.folder()) && image.shortSide() < minSide) {
        w.f(TOO_SMALL)
            .report(
                image.path(),
                fmt(
                    "%dx%d has a short side of %d px, below %d",
                    image.width(), image.height(), image.shortSide(), minSide),
                fmt("replace it with an image of at least %d px on the short side", minSide),
                image.shortSide(),
                minSide);
      }
    }
  }
}
