package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.plan.ChecklistItem.Status;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.GuideChecklist;
import dev.lorakit.core.rules.RuleEngine;
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

  private static Status status(List<ChecklistItem> items, String prefix) {
    return items.stream()
        .filter(i -> i.text().startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
