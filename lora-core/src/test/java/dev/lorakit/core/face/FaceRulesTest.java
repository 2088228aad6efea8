package dev.lorakit.core.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaceRulesTest {
  private static AuditedFace face(double side, float... embedding) {
    return AuditedFace.of(
        Face.builder().x(10).y(10).width(side).height(side).score(0.99).build(),
        FaceEmbedding.of(embedding));
  }

  private static AuditedImage image(String path, FolderRole role, int w, AuditedFace... faces) {
    return AuditedImage.builder()
        .path(path)
        .folder(path.substring(0, path.indexOf('/')))
        .role(role)
        .width(w)
        .height(w)
        .addFaces(faces)
        .build();
  }

  @Test
  void catalogue_findsEveryFaceRule() {
    RuleCatalogue c = RuleCatalogue.standard();
    assertThat(c.of(FaceRules.FACES))
        .extracting(d -> d.id())
        .containsExactlyInAnyOrder(
            "face.identity-outlier",
            "face.none",
            "face.several",
            "face.too-small",
            "face.in-body-photo");
  }

  @Test
  void check_plantedCases_reportsEachOnceAtItsPath() {
    FaceAudit audit =
        FaceAudit.builder()
            .outlierThreshold(0.363)
            .detector("test")
            .embedder("test")
            .addImage(image("40_c/a.png", FolderRole.CHARACTER, 1024, face(300, 1, 0.1f)))
            .addImage(image("40_c/b.png", FolderRole.CHARACTER, 1024, face(300, 1, 0.2f)))
            .addImage(image("40_c/c.png", FolderRole.CHARACTER, 1024, face(300, 1, 0.15f)))
            .addImage(image("40_c/odd.png", FolderRole.CHARACTER, 1024, face(300, 0, 1)))
            .addImage(image("40_c/none.png", FolderRole.CHARACTER, 1024))
            .addImage(
                image("40_c/two.png", FolderRole.CHARACTER, 1024, face(300, 1, 0), face(200, 1, 0)))
            // 2048 px image: bucket 1024 halves it, so a 200 px face trains at 100 px < 112
            .addImage(image("40_c/tiny.png", FolderRole.CHARACTER, 2048, face(200, 1, 0.1f)))
            .addImage(image("20_c_realbody/b1.png", FolderRole.BODY_REALISM, 1024, face(80, 1, 1)))
            .addImage(image("20_c_realbody/b2.png", FolderRole.BODY_REALISM, 1024))
            .build();
    ValidationReport report = RuleCatalogue.standard().check(FaceRules.FACES, audit);
    Map<String, List<String>> byPath =
        report.violations().stream()
            .collect(
                Collectors.groupingBy(
                    Violation::path, Collectors.mapping(Violation::ruleId, Collectors.toList())));
    assertThat(byPath)
        .containsOnly(
            Map.entry("40_c/odd.png", List.of("face.identity-outlier")),
            Map.entry("40_c/none.png", List.of("face.none")),
            Map.entry("40_c/two.png", List.of("face.several")),
            Map.entry("40_c/tiny.png", List.of("face.too-small")),
            Map.entry("20_c_realbody/b1.png", List.of("face.in-body-photo")));
  }

  @Test
  void check_maskedBodyPhoto_isNotReported() {
    FaceAudit audit =
        FaceAudit.builder()
            .outlierThreshold(0.363)
            .detector("test")
            .embedder("test")
            .addImage(
                AuditedImage.builder()
                    .from(image("20_c_realbody/b1.png", FolderRole.BODY_REALISM, 1024, face(80, 1)))
                    .masked(true)
                    .build())
            .build();
    assertThat(RuleCatalogue.standard().check(FaceRules.FACES, audit).violations()).isEmpty();
  }

  @Test
  void leaveOneOut_isCosineToTheOthersCentroid() {
    FaceAudit audit =
        FaceAudit.builder()
            .outlierThreshold(0.363)
            .detector("test")
            .embedder("test")
            .addImage(image("40_c/a.png", FolderRole.CHARACTER, 1024, face(300, 1, 0)))
            .addImage(image("40_c/b.png", FolderRole.CHARACTER, 1024, face(300, 1, 0)))
            .addImage(image("40_c/c.png", FolderRole.CHARACTER, 1024, face(300, 0, 1)))
            .build();
    // others of c are a and b, both (1, 0): cosine of (0, 1) to (1, 0) is 0
    assertThat(audit.leaveOneOut().get("40_c/c.png")).isEqualTo(0.0);
    // others of a are (1, 0) and (0, 1): centroid (1, 1)/sqrt2, cosine 1/sqrt2
    assertThat(audit.leaveOneOut().get("40_c/a.png")).isCloseTo(Math.sqrt(0.5), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
