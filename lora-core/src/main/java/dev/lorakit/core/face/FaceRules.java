package dev.lorakit.core.face;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The face audit's rules: the guide wants one consistent face in every character image and none in
 * the body photos. Paths are dataset-relative image files.
 *
 * <pre>{@code
 * ValidationReport report = RuleCatalogue.standard().check(FaceRules.FACES, audit);
 * }</pre>
 */
public final class FaceRules {
  /** The subject: a {@link FaceAudit} of one dataset. */
  public static final Subject<FaceAudit> FACES =
      Subject.of("faces", 22, "Face audit rules", FaceAudit.class);

  private static final String GUIDE = "guide: ";

  public static final RuleDescriptor IDENTITY_OUTLIER =
      d(
          "face.identity-outlier",
          WARNING,
          "a character image whose face is far from the centroid of all the other character faces"
              + " (leave-one-out cosine below the embedder's same-person threshold)",
          "the guide asks for a consistent face across all images; one different face pulls the"
              + " learned identity towards someone else",
          "regenerate or remove the image, or move it out of the character folder",
          GUIDE
              + "Nano Banana Images, Quality Requirements (consistent face); Troubleshooting 2."
              + " Face inconsistency");
  public static final RuleDescriptor NONE =
      d(
          "face.none",
          WARNING,
          "a character image in which the detector finds no face",
          "identity is learned from the character images; one without a visible face teaches only"
              + " body and clothing",
          "check the image (back view, occluded face) and keep it only on purpose",
          GUIDE + "Nano Banana Images, Quality Requirements");
  public static final RuleDescriptor SEVERAL =
      d(
          "face.several",
          WARNING,
          "a character image with more than one face",
          "the trigger is tied to every face in the picture, so a second person bleeds into the"
              + " character",
          "crop the image to the character or remove it",
          GUIDE + "Nano Banana Images, Quality Requirements (consistent face)");
  public static final RuleDescriptor TOO_SMALL =
      d(
          "face.too-small",
          INFO,
          "a character face whose short side, after scaling to its training bucket, is below the"
              + " embedder's input side",
          "a face that small carries less detail than the identity model itself reads; the guide"
              + " asks for 20+ face close-ups so identity does not rest on such images",
          "add close-ups; keep small-face full-body shots for body and pose",
          GUIDE + "Troubleshooting 2. Face inconsistency (too few face closeups)");
  public static final RuleDescriptor IN_BODY_PHOTO =
      d(
          "face.in-body-photo",
          ERROR,
          "a face in a body-realism photo without a loss mask that blacks it out",
          "the guide wants no faces in the real body photos: a stranger's face is trained under"
              + " the character's trigger",
          "crop the face out, or run 'lorakit faces --write-masks' so the trainer ignores it",
          GUIDE + "Real Body Images (NO faces, or crop them out)");

  /** All five rules as one walk over the audit. */
  public static final Rule<FaceAudit> RULE =
      Rule.group(
          FACES,
          List.of(IDENTITY_OUTLIER, NONE, SEVERAL, TOO_SMALL, IN_BODY_PHOTO),
          FaceRules::check);

  private FaceRules() {}

  private static void check(FaceAudit audit, Findings findings) {
    Map<String, Double> loo = audit.leaveOneOut();
    for (AuditedImage image : audit.images()) {
      if (image.problem().isPresent()) {
        continue;
      }
      int n = image.faces().size();
      if (image.role() == FolderRole.CHARACTER) {
        if (n == 0) {
          findings
              .about(NONE)
              .report(image.path(), "no face found", "check the image; keep it on purpose", 0, 1);
        } else if (n > 1) {
          findings
              .about(SEVERAL)
              .report(
                  image.path(),
                  String.format(Locale.ROOT, "%d faces found, the character image needs 1", n),
                  "crop the image to the character or remove it",
                  n,
                  1);
        }
        Double sim = loo.get(image.path());
        if (sim != null && sim < audit.outlierThreshold()) {
          findings
              .about(IDENTITY_OUTLIER)
              .report(
                  image.path(),
                  String.format(
                      Locale.ROOT,
                      "face cosine %.3f to the other character faces is below %.3f",
                      sim,
                      audit.outlierThreshold()),
                  "regenerate or remove the image",
                  round(sim),
                  audit.outlierThreshold());
        }
        if (n >= 1) {
          double side = audit.trainedShortSide(image, image.faces().get(0).face());
          if (side < audit.minFaceSide()) {
            findings
                .about(TOO_SMALL)
                .report(
                    image.path(),
                    String.format(
                        Locale.ROOT,
                        "face is %.0f px at the %d px bucket, below the %d px the embedder reads",
                        side,
                        audit.resolution(),
                        audit.minFaceSide()),
                    "add close-ups so identity does not rest on small faces",
                    Math.round(side),
                    audit.minFaceSide());
          }
        }
      } else if (image.role() == FolderRole.BODY_REALISM && n > 0 && !image.masked()) {
        findings
            .about(IN_BODY_PHOTO)
            .report(
                image.path(),
                String.format(Locale.ROOT, "%d face(s) in a body photo, the guide wants none", n),
                "crop the face out or run 'lorakit faces --write-masks'",
                n,
                0);
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .subject(FACES)
        .severity(severity)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
