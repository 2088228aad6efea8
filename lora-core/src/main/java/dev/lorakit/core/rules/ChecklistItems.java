package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.manual;

import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The guide's checks no file can decide: a person confirms them. Every report carries them as its
 * checklist.
 *
 * <pre>{@code
 * String id = ChecklistItems.NO_WATERMARKS.id(); // "manual.no-watermarks"
 * }</pre>
 */
public final class ChecklistItems {

  /** Real body photos show no faces. */
  public static final RuleDescriptor BODY_PHOTOS_NO_FACES =
      manual(
          "manual.body-photos-no-faces",
          "real body photos show no faces (or faces are cropped out)",
          "a second face teaches the LoRA a different identity than the character",
          "crop faces out of every body-realism photo",
          GUIDE + "Real Body Images");

  /** Real body photos match the character's height and build. */
  public static final RuleDescriptor BODY_TYPE_MATCHES =
      manual(
          "manual.body-type-matches",
          "real body photos match the character's height and build",
          "conflicting body shapes give wrong proportions (troubleshooting #4)",
          "replace body photos whose build differs from the generated character",
          GUIDE + "Real Body Images, Critical Rule");

  /** The generated character has the same face in every image. */
  public static final RuleDescriptor CONSISTENT_FACE =
      manual(
          "manual.consistent-face",
          "the generated character has the same face in every image",
          "inconsistent generations cause face drift (troubleshooting #2)",
          "regenerate images whose face differs",
          GUIDE + "Nano Banana Images, Quality Requirements");

  /** No image carries a watermark or logo. */
  public static final RuleDescriptor NO_WATERMARKS =
      manual(
          "manual.no-watermarks",
          "no image carries a watermark or logo",
          "the LoRA learns watermarks as part of the character",
          "replace or crop watermarked images",
          GUIDE + "Real Body Images, Quality checklist");

  /** No plastic skin or AI artifacts in the generated images. */
  public static final RuleDescriptor NO_AI_ARTIFACTS =
      manual(
          "manual.no-ai-artifacts",
          "no plastic skin or AI artifacts in the generated images",
          "artifacts are learned and cause plastic skin (troubleshooting #1)",
          "remove or regenerate images with artifacts",
          GUIDE + "Nano Banana Images, Quality Requirements");

  /** Backgrounds, lighting and poses vary across images. */
  public static final RuleDescriptor VARIED_BACKGROUNDS =
      manual(
          "manual.varied-backgrounds",
          "backgrounds, lighting and poses vary across images",
          "repeated backgrounds bleed into every output (troubleshooting #3)",
          "vary backgrounds and caption them explicitly",
          GUIDE + "Generation Tips");

  /** Body photos are professional, naturally lit, with visible skin texture. */
  public static final RuleDescriptor NATURAL_BODY_PHOTOS =
      manual(
          "manual.natural-body-photos",
          "body photos are professional, naturally lit, with visible skin texture",
          "phone selfies and heavy retouching defeat the purpose of the realism folder",
          "prefer professional stock photography with natural light",
          GUIDE + "Real Body Images, What to collect");

  private ChecklistItems() {}

  /** Every item, in the guide's order. */
  static List<RuleDescriptor> all() {
    return List.of(
        BODY_PHOTOS_NO_FACES,
        BODY_TYPE_MATCHES,
        CONSISTENT_FACE,
        NO_WATERMARKS,
        NO_AI_ARTIFACTS,
        VARIED_BACKGROUNDS,
        NATURAL_BODY_PHOTOS);
  }
}
