package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GuideProjectTest {
  private final RuleEngine engine = RuleEngine.qwenCharacter();

  @Test
  void check_guideInt8_isAnErrorOnlyForABuildOlderThanTorchaoInt8() {
    // qtype int8 is torchao's, added to toolkit/util/quantize.py in 17153583 (2026-03-30); the
    // pinned image's build 27a03a91 (2026-08-21) has it, a build of 2026-03-01 raises a KeyError
    LoraProject guide = ExampleProjects.guideAsWritten();
    assertThat(guide.training().quantization().qtype()).isEqualTo("int8");
    assertThat(engine.check(guide).withRule("quantization.int8-needs-recent-trainer")).isEmpty();

    LoraProject old =
        LoraProject.builder()
            .from(guide)
            .trainerVersion(TrainerVersion.of(LocalDate.of(2026, 3, 1)))
            .build();
    List<Violation> found = engine.check(old).withRule("quantization.int8-needs-recent-trainer");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(found.get(0).path()).isEqualTo("model.qtype");
    assertThat(found.get(0).message()).contains("2026-03-01");
  }

  @Test
  void check_guideAsWritten_reportsEveryRealProblemWithValueAndFix() {
    ValidationReport report = engine.check(ExampleProjects.guideAsWritten());

    assertThat(ids(report))
        .containsExactlyInAnyOrder(
            "accumulation.legacy-mode",
            "training.steps-epochs-inconsistent",
            "resolution.duplicates",
            "save.every-not-one-epoch",
            "control.missing-folders");
    // One error for the one cause (qwen_image_edit_plus raises "Missing control images" for the
    // first image without one, ai-toolkit-audit.md §1 / ai-toolkit.md §4.1), naming both folders
    // and the three ways out; the sample prompts get their controls from those folders, so they
    // are not reported on their own.
    Violation controls = report.withRule("control.missing-folders").get(0);
    assertThat(report.withRule("control.missing-folders")).hasSize(1);
    assertThat(controls.value()).contains("40_maya_char, 20_maya_char_realbody");
    assertThat(controls.hint())
        .contains("--base-model qwen-image-2512")
        .contains("--text-only-edit")
        .contains("control folder");

    Violation steps = report.withRule("training.steps-epochs-inconsistent").get(0);
    assertThat(steps.severity()).isEqualTo(Severity.ERROR);
    assertThat(steps.path()).isEqualTo("train.steps");
    // 70 x 40 + 30 x 20 = 3,400 samples, twice (two resolution entries), one per loop step.
    assertThat(steps.message())
        .isEqualTo(
            "3400 steps are 0.5 epochs of this dataset (6800 steps each), not the 10 epochs asked for");
    assertThat(steps.value()).contains("3400");
    assertThat(steps.bound()).contains("68000");
    assertThat(steps.hint()).contains("68000");

    Violation resolution = report.withRule("resolution.duplicates").get(0);
    assertThat(resolution.message()).contains("[1024, 1024]").contains("2 times");
    assertThat(resolution.hint()).isEqualTo("set resolution to [1024]");

    Violation legacy = report.withRule("accumulation.legacy-mode").get(0);
    assertThat(legacy.path()).isEqualTo("train.gradient_accumulation_steps");
    assertThat(legacy.hint()).contains("gradient_accumulation: 4");

    Violation save = report.withRule("save.every-not-one-epoch").get(0);
    assertThat(save.value()).contains("340");
    assertThat(save.bound()).contains("6800");

    assertThat(report.violations())
        .allSatisfy(
            v -> {
              assertThat(v.message()).isNotBlank();
              assertThat(v.hint()).isNotBlank();
              assertThat(v.source()).isPresent();
              assertThat(
                      Character.isLowerCase(v.message().charAt(0))
                          || Character.isDigit(v.message().charAt(0)))
                  .as("message is a lower-case fragment: %s", v.message())
                  .isTrue();
            });
    assertThat(report.manualChecks())
        .extracting(RuleDescriptor::id)
        .contains("manual.body-photos-no-faces");
  }

  @Test
  void check_guideFixed_hasNoErrorsOrWarnings() {
    LoraProject fixed =
        LoraProject.builder()
            .from(ExampleProjects.guideAsWritten())
            .baseModel(BaseModel.QWEN_IMAGE)
            .training(
                dev.lorakit.core.training.TrainingParameters.builder()
                    .quantization(dev.lorakit.core.training.Quantization.builder().build())
                    .build())
            .build();

    ValidationReport report = engine.check(fixed);

    assertThat(report.violations()).isEmpty();
  }

  @Test
  void check_textOnlyWorkaroundOnEdit2509_warnsInsteadOfFailing() {
    LoraProject workaround =
        LoraProject.builder()
            .from(ExampleProjects.guideAsWritten())
            .archOverride("qwen_image")
            .build();

    ValidationReport report = engine.check(workaround);

    assertThat(ids(report)).contains("control.text-only-workaround");
    assertThat(ids(report))
        .doesNotContain("control.missing-folders", "sample.missing-control-image");
  }

  private static List<String> ids(ValidationReport report) {
    return report.violations().stream()
        .map(Violation::ruleId)
        .distinct()
        .collect(Collectors.toList());
  }
}
