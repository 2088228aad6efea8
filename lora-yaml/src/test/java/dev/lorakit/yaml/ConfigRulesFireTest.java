package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code config.unknown-job} and {@code config.step-budget-unknown}, which no test made fire. */
class ConfigRulesFireTest {

  private static String guideWithJob(String job) {
    return TestProjects.resource("guide_train_qwen_character.yaml")
        .replaceFirst("(?m)^job: extension$", "job: " + job);
  }

  @Test
  void lint_jobNotKnownToTheTrainer_isAnErrorAtTheJobValue() {
    // toolkit/job.py get_job l.15-35 (27a03a91): extract, train, mod, generate and extension are
    // the only jobs; anything else raises ValueError('Unknown job type ...').
    String text = guideWithJob("training");
    int line = text.lines().toList().indexOf("job: training") + 1;

    List<Violation> found = AiToolkitLinter.standard().lint(text).withRule("config.unknown-job");

    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.ERROR);
              assertThat(v.path()).isEqualTo("job");
              assertThat(v.location()).contains(SourceLocation.of(line, 6));
              assertThat(v.message()).startsWith("job 'training' is not one of");
            });
  }

  @Test
  void lint_realJobWithoutAQwenLoraTrainer_isAWarning() {
    // job: train builds a TrainJob (job.py l.18-20), which runs none of the extension processes
    // that train Qwen LoRAs (sd_trainer / diffusion_trainer are extension uids).
    List<Violation> found =
        AiToolkitLinter.standard().lint(guideWithJob("train")).withRule("config.unknown-job");

    assertThat(found).singleElement().extracting(Violation::severity).isEqualTo(Severity.WARNING);
  }

  @Test
  void lint_everyJobTheTrainerKnows_noUnknownJobError() {
    for (String job : List.of("extract", "train", "mod", "generate", "extension")) {
      assertThat(AiToolkitLinter.standard().lint(guideWithJob(job)).withRule("config.unknown-job"))
          .as(job)
          .noneMatch(v -> v.severity() == Severity.ERROR);
    }
  }

  private static LoraProject withoutCounts(TrainingLength length) {
    return LoraProject.builder()
        .name("maya")
        .trigger(TriggerWord.of("maya_char"))
        .dataset(
            DatasetSpec.builder()
                .addFolder(DatasetFolder.fromFolderName("40_maya_char"))
                .addFolder(DatasetFolder.fromFolderName("20_maya_char_realbody"))
                .build())
        .training(TrainingParameters.builder().length(length).build())
        .build();
  }

  @Test
  void check_epochsWithoutImageCounts_refusesWithStepBudgetUnknown() {
    // ai-toolkit has no epochs key: train.steps is the only length (BaseSDTrainProcess l.2533
    // `for step in range(start, train.steps)`), so 10 epochs cannot be written without counts.
    List<Violation> found =
        AiToolkitWriter.create()
            .check(withoutCounts(TrainingLength.epochs(10)))
            .withRule("config.step-budget-unknown");

    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.ERROR);
              assertThat(v.path()).isEqualTo("train.steps");
            });
  }

  @Test
  void check_stepsWithoutSaveEveryOrCounts_refusesAtSaveEvery() {
    List<Violation> found =
        AiToolkitWriter.create()
            .check(withoutCounts(TrainingLength.steps(3000)))
            .withRule("config.step-budget-unknown");

    assertThat(found).singleElement().extracting(Violation::path).isEqualTo("save.save_every");
  }
}
