package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.plan.ChecklistItem.Status;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.CaptionContentRules;
import dev.lorakit.core.rules.GuideChecklist;
import dev.lorakit.core.rules.ImageFileRules;
import dev.lorakit.core.rules.OptimizerRules;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.rules.TrainerRules;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
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

  /** The guide's own project on the text-to-image base (no control images needed). */
  private static LoraProject guide2512(TrainingParameters training) {
    return LoraProject.builder()
        .from(TrainingPlannerTest.guideIntent())
        .baseModel(BaseModel.QWEN_IMAGE_2512)
        .training(training)
        .build();
  }

  private static List<ChecklistItem> items(LoraProject project) {
    return GuideChecklist.of(
        TrainingPlanner.defaults().plan(project), RuleEngine.qwenCharacter().check(project));
  }

  private static ChecklistItem item(List<ChecklistItem> items, String prefix) {
    return items.stream().filter(i -> i.text().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void of_onlyWarnings_configIsReady() {
    // guide "Summary Checklist": "Config file ready with correct paths". A warning (lr 1e-5 is
    // below the guide's ultra-safe 0.00005, guide "Learning Rate") does not stop the trainer.
    LoraProject project = guide2512(TrainingParameters.builder().learningRate(1e-5).build());
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    assertThat(report.withRule(OptimizerRules.LR_TOO_LOW.id())).hasSize(1);
    assertThat(report.errors()).isEmpty();

    ChecklistItem ready = item(items(project), "Config file ready");

    assertThat(ready.status()).isEqualTo(Status.DONE);
    assertThat(ready.evidence()).isEqualTo("no errors; lorakit writes the config");
  }

  @Test
  void of_guideAsWritten_namesTheErrorCount() {
    LoraProject project = ExampleProjects.guideAsWritten();
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    long errors = report.errors().size();
    assertThat(errors).isPositive();

    ChecklistItem ready = item(items(project), "Config file ready");

    assertThat(ready.status()).isEqualTo(Status.NOT_DONE);
    assertThat(ready.evidence()).isEqualTo(errors + " error(s) in the check");
  }

  @Test
  void of_folderWithoutRepeatCount_folderStructureNotDone() {
    // guide "Folder Structure" and checklist: "Folder structure correct (40_name /
    // 20_name_realbody)"; a plain character folder next to the body folder is not that.
    LoraProject project =
        LoraProject.builder()
            .from(guide2512(TrainingParameters.builder().build()))
            .dataset(
                DatasetSpec.builder()
                    .addFolder(DatasetFolder.fromFolderName("maya_char").withImageCount(70))
                    .addFolder(
                        DatasetFolder.fromFolderName("20_maya_char_realbody").withImageCount(30))
                    .build())
            .build();

    ChecklistItem folders = item(items(project), "Folder structure");

    assertThat(folders.status()).isEqualTo(Status.NOT_DONE);
    assertThat(folders.evidence()).isEqualTo("missing N_name character or body folder");
    assertThat(item(items(guide2512(TrainingParameters.builder().build())), "Folder structure"))
        .extracting(ChecklistItem::status, ChecklistItem::evidence)
        .containsExactly(Status.DONE, "character and body folders with repeat counts");
  }

  @Test
  void of_keepEqualToTheStepCheckpoints_savesAll() {
    // ai-toolkit.md §6.1: 10 epochs write 9 step files (the loop never reaches the last step) and
    // the final unsuffixed file; clean_up_saves keeps the newest max_step_saves_to_keep step files.
    ChecklistItem nine =
        item(
            items(guide2512(TrainingParameters.builder().save(keep(9)).build())),
            "Save all checkpoints");
    ChecklistItem eight =
        item(
            items(guide2512(TrainingParameters.builder().save(keep(8)).build())),
            "Save all checkpoints");

    assertThat(nine.status()).isEqualTo(Status.DONE);
    assertThat(nine.evidence()).isEqualTo("keep 9 of 9 step checkpoints");
    assertThat(eight.status()).isEqualTo(Status.NOT_DONE);
    assertThat(eight.evidence()).isEqualTo("keep 8 of 9 step checkpoints");
  }

  private static SavePolicy keep(int keep) {
    return SavePolicy.builder().keep(keep).build();
  }

  private static LoraProject evaluated(int epochs, List<Double> strengths, int seeds) {
    return LoraProject.builder()
        .from(guide2512(TrainingParameters.builder().length(TrainingLength.epochs(epochs)).build()))
        .evaluation(EvaluationSettings.builder().strengths(strengths).seedsPerPrompt(seeds).build())
        .build();
  }

  @Test
  void of_oneCheckpointOneStrength_afterTrainingItemsNotDone() {
    // guide checklist "Test multiple checkpoints (epochs 5-10)" and "Try different LoRA strengths
    // (0.6-1.0)": one of each is not several. One epoch leaves one file, the final one.
    List<ChecklistItem> one = items(evaluated(1, List.of(0.8), 10));

    assertThat(item(one, "Test multiple checkpoints"))
        .extracting(ChecklistItem::status, ChecklistItem::evidence)
        .containsExactly(Status.NOT_DONE, "evaluation grid covers 1 checkpoints");
    assertThat(item(one, "Try different LoRA strengths"))
        .extracting(ChecklistItem::status, ChecklistItem::evidence)
        .containsExactly(Status.NOT_DONE, "strengths [0.8]");

    List<ChecklistItem> two = items(evaluated(2, List.of(0.7, 0.9), 10));
    assertThat(item(two, "Test multiple checkpoints").status()).isEqualTo(Status.DONE);
    assertThat(item(two, "Try different LoRA strengths").status()).isEqualTo(Status.DONE);
  }

  @Test
  void of_tenImagesPerPrompt_isTheGuidesTenPlus() {
    // guide checklist "Generate 10+ test images per prompt": one checkpoint, one strength, so the
    // seeds per prompt are the images per prompt.
    ChecklistItem ten = item(items(evaluated(1, List.of(0.8), 10)), "Generate 10+");
    ChecklistItem nine = item(items(evaluated(1, List.of(0.8), 9)), "Generate 10+");

    assertThat(ten.status()).isEqualTo(Status.DONE);
    assertThat(ten.evidence()).isEqualTo("10 images per prompt in the grid");
    assertThat(nine.status()).isEqualTo(Status.NOT_DONE);
    assertThat(nine.evidence()).isEqualTo("9 images per prompt in the grid");
  }

  @Test
  void of_captionFileReported_captionItemNotDoneWithTheCount() {
    LoraProject project = TrainingPlannerTest.guideIntent();
    ValidationReport report =
        RuleEngine.qwenCharacter()
            .check(project)
            .merge(
                ValidationReport.of(
                    Findings.of(CaptionContentRules.BODY_TAG_MISSING)
                        .report("20_maya_char_realbody/b1.txt", "lacks", "add", null, null)
                        .report("20_maya_char_realbody/b2.txt", "lacks", "add", null, null)
                        .violations(),
                    List.of()));

    List<ChecklistItem> items = GuideChecklist.of(TrainingPlanner.defaults().plan(project), report);

    assertThat(item(items, "Real body images tagged"))
        .extracting(ChecklistItem::status, ChecklistItem::evidence)
        .containsExactly(Status.NOT_DONE, "2 file(s) reported by caption.body-tag-missing");
  }

  @Test
  void of_countsUnknown_captionItemsByHandEvenWithAFileFinding() {
    // Without image counts the dataset was not scanned: a file finding alone does not tick it.
    LoraProject project = TrainingPlannerTest.guideIntent();
    ValidationReport report =
        RuleEngine.qwenCharacter()
            .check(project)
            .merge(
                ValidationReport.of(
                    Findings.of(ImageFileRules.TOO_SMALL)
                        .report("40_maya/a.png", "image 512x512 is small", "replace it", 512, 1024)
                        .violations(),
                    List.of()))
            .merge(
                ValidationReport.of(
                    Findings.of(BudgetRules.COUNTS_UNKNOWN)
                        .report("datasets", "counts unknown", "scan", null, null)
                        .violations(),
                    List.of()));

    List<ChecklistItem> items = GuideChecklist.of(TrainingPlanner.defaults().plan(project), report);

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
