package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.PEERS;
import static dev.lorakit.core.rules.RuleText.dataset;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The caption-file rules: a caption file per training image, an image per caption file, readable
 * UTF-8 with at least one tag. What a caption says is checked by {@link CaptionContentRules}.
 *
 * <pre>{@code
 * String id = CaptionFileRules.MISSING.id(); // "caption.missing"
 * }</pre>
 */
public final class CaptionFileRules {
  /**
   * {@code default.txt}: a per-folder fallback caption only ai-toolkit's legacy {@code
   * ImageDataset} reads ({@code CaptionMixin.get_caption_item}, {@code dataloader_mixins.py}
   * l.130-165); the training loader does not (audit row 14).
   */
  static final String DEFAULT_CAPTION = "default";

  /** A training image without a caption file of the same stem. */
  public static final RuleDescriptor MISSING =
      dataset(
          "caption.missing",
          ERROR,
          "a training image without a caption file of the same stem",
          "ai-toolkit trains it with an empty caption (or the dataset's default_caption), which"
              + " becomes just the trigger: the training loader has no default.txt fallback"
              + " (data_loader.py l.656, dataloader_mixins.py l.333-368 at 27a03a91); sd-scripts"
              + " warns only after launch",
          "write <stem>.txt next to the image, starting with the trigger",
          PEERS + "§2 sd-scripts 3, kohya_ss 2; " + AITK + "§2.4 caption_ext");

  /** A caption file without an image of the same stem. */
  public static final RuleDescriptor ORPHAN =
      dataset(
          "caption.orphan",
          WARNING,
          "a caption file without an image of the same stem",
          "usually a renamed or deleted image: the caption meant for it trains nothing",
          "rename the caption to the image's stem or delete it",
          PEERS + "§5.1");

  /** A caption file with no tags. */
  public static final RuleDescriptor EMPTY =
      dataset(
          "caption.empty",
          ERROR,
          "a caption file with no tags",
          "an empty caption trains the image unconditioned (sd-scripts asserts 'caption file is"
              + " empty'; ai-toolkit silently uses default_caption)",
          "write the caption, starting with the trigger",
          PEERS + "§4 sd-scripts; BooruDatasetTagManager #104");

  /** A caption file that is not valid UTF-8. */
  public static final RuleDescriptor NOT_UTF8 =
      dataset(
          "caption.not-utf8",
          ERROR,
          "a caption file that is not valid UTF-8",
          "sd-scripts stops with 'illegal char in file (not UTF-8)'; other loaders garble it",
          "re-save the caption as UTF-8",
          PEERS + "§4 sd-scripts");

  /** A caption file that cannot be read or is far too large. */
  public static final RuleDescriptor UNREADABLE =
      dataset(
          "caption.unreadable",
          ERROR,
          "a caption file that cannot be read or is far too large to be a caption",
          "the trainer fails on it or trains on a garbage caption",
          "fix the file's permissions or replace it with a one-line caption",
          "lorakit");

  /** The rules of the files, checked in the dataset walk. */
  static final List<RuleDescriptor> DATASET = List.of(MISSING, ORPHAN, EMPTY, NOT_UTF8, UNREADABLE);

  private CaptionFileRules() {}

  /** Every caption file and every image's caption; the content of readable ones. */
  static void captions(DatasetWalk w) {
    DatasetSnapshot snapshot = w.snapshot();
    TriggerWord trigger = w.project().trigger();
    for (ImageEntry image : snapshot.images()) {
      if (!w.isControl(image.folder()) && snapshot.captionFor(image).isEmpty()) {
        boolean folderDefault = w.hasDefaultCaption(image.folder());
        w.f(MISSING)
            .report(
                ERROR,
                image.path(),
                fmt(
                    folderDefault
                        ? "no caption %s.%s for this image; ai-toolkit's training loader does not"
                            + " read the folder's default.txt, so it trains on the trigger alone"
                        : "no caption %s.%s for this image",
                    image.stem(),
                    snapshot.options().captionExtension()),
                fmt(
                    "write %s.%s starting with %s",
                    image.stem(),
                    snapshot.options().captionExtension(),
                    w.triggerOr("the trigger")),
                null,
                null);
      }
    }
    for (CaptionFile file : snapshot.captions()) {
      if (w.isControl(file.folder())) {
        continue; // ai-toolkit reads no captions from control folders
      }
      if (snapshot.imagesFor(file).isEmpty() && file.stem().equals(DEFAULT_CAPTION)) {
        w.f(ORPHAN)
            .report(
                file.path(),
                "default.txt is not read by ai-toolkit's training loader; images without a"
                    + " caption train on the trigger alone",
                "write a caption per image, or set default_caption on the dataset",
                null,
                null);
        continue;
      }
      if (snapshot.imagesFor(file).isEmpty()) {
        w.f(ORPHAN)
            .report(
                file.path(),
                fmt("caption has no image named %s.jpg/.png/.webp", file.stem()),
                "rename it to its image's stem or delete it",
                null,
                null);
        continue;
      }
      switch (file.encoding()) {
        case NOT_UTF8 -> {
          w.f(NOT_UTF8)
              .report(
                  file.path(),
                  "caption is not valid UTF-8: " + file.problem().orElse("bad bytes"),
                  "re-save it as UTF-8",
                  null,
                  "UTF-8");
          continue;
        }
        case TOO_LARGE, UNREADABLE -> {
          w.f(UNREADABLE)
              .report(
                  file.path(),
                  "caption " + file.problem().orElse("cannot be read"),
                  "replace it with a one-line caption",
                  file.byteSize(),
                  null);
          continue;
        }
        case UTF8, UTF8_BOM -> {
          // decoded: check the content below
        }
      }
      Caption caption = file.caption().orElseThrow();
      if (caption.isEmpty()) {
        w.f(EMPTY)
            .report(
                file.path(),
                "caption has no tags",
                "write the caption, starting with " + w.triggerOr("the trigger"),
                0,
                1);
        continue;
      }
      CaptionContentRules.content(w, file, caption, trigger);
    }
  }
}
