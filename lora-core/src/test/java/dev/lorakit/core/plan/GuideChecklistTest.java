package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.plan.ChecklistItem.Status;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.GuideChecklist;
import dev.lorakit.core.rules.ImageFileRules;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.rules.TrainerRules;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuideChecklistTest {

  @Test
  void of_guideIntent_ticksWhatLorakitKnowsAndLeavesTheRestByHand() {
    LoraProject project = TrainingPlannerTest.guideIntent();
    ValidationReport report = RuleEngine.qwenCharacter().check(project);

    List<ChecklistItem> items = GuideChecklist.of(TrainingPlanner.defaults().plan(project), report);

    assertThat(items).hasSize(19);
    assertThat(status(items, "70 high-quality")).isEqualTo(Status.DONE);
    assertThat(status(items, "30 real body")).isEqualTo(Status.DONE);
    assertThat(status(items, "Folder structure")).isEqualTo(Status.DONE);
    // the guide's Edit-2509 project has no control images: the config is not ready
    assertThat(status(items, "Config file ready")).isEqualTo(Status.NOT_DONE);
    assertThat(status(items, "Save all checkpoints")).isEqualTo(Status.DONE);
    assertThat(status(items, "Test multiple checkpoints")).isEqualTo(Status.DONE);
    assertThat(status(items, "Monitor loss")).isEqualTo(Status.BY_HAND);
    // captions are only known after a scan
    assertThat(status(items, "All images captioned")).isEqualTo(Status.BY_HAND);
  }

  @Test
  void of_projectRuleNamedCaption_isNoEvidenceThatTheFilesWereChecked() {
    // caption.dropout-out-of-range is a project rule: before the fix its "caption." prefix made
    // the checklist believe the caption files had been scanned and tick "All images captioned".
    LoraProject project =
        LoraProject.builder()
            .from(TrainingPlannerTest.guideIntent())
            .training(TrainingParameters.builder().captionDropoutRate(0.3).build())
            .build();
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    assertThat(report.withRule(TrainerRules.CAPTION_DROPOUT_OUT_OF_RANGE.id())).isNotEmpty();

    List<ChecklistItem> items = GuideChecklist.of(TrainingPlanner.defaults().plan(project), report);

    assertThat(status(items, "All images captioned")).isEqualTo(Status.BY_HAND);
    assertThat(status(items, "Real body images tagged")).isEqualTo(Status.BY_HAND);
  }

  @Test
  void of_reportWithADatasetRuleFinding_ticksTheCaptionItemsFromTheFiles() {
    LoraProject project = TrainingPlannerTest.guideIntent();
    // a file-level finding unrelated to captions: the files were checked and no caption failed
    ValidationReport report =
        RuleEngine.qwenCharacter()
            .check(project)
            .merge(
                ValidationReport.of(
                    Findings.of(ImageFileRules.TOO_SMALL)
                        .report("40_maya/a.png", "image 512x512 is small", "replace it", 512, 1024)
                        .violations(),
                    List.of()));

    List<ChecklistItem> items = GuideChecklist.of(TrainingPlanner.defaults().plan(project), report);

    assertThat(status(items, "All images captioned")).isEqualTo(Status.DONE);
    assertThat(status(items, "Real body images tagged")).isEqualTo(Status.DONE);
  }

  private static Status status(List<ChecklistItem> items, String prefix) {
    return items.stream()
        .filter(i -> i.text().startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
