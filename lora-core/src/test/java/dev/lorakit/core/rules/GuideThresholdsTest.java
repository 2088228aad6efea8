package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each numeric rule on both sides of the guide's bound (reference/qwen-character-lora-guide.md): a
 * value on the bound is fine, the next one out is reported. The bounds are the guide's words, not
 * lorakit's output; line numbers are of the guide.
 */
class GuideThresholdsTest {

  private static LoraProject project(
      DatasetSpec dataset,
      UnaryOperator<dev.lorakit.core.training.ImmutableTrainingParameters.Builder> training) {
    return LoraProject.builder()
        .name("maya_char_lora")
        .trigger(TriggerWord.of("maya_char"))
        .baseModel(BaseModel.QWEN_IMAGE_2512)
        .dataset(dataset)
        .training(training.apply(TrainingParameters.builder()).build())
        .build();
  }

  private static LoraProject training(
      UnaryOperator<dev.lorakit.core.training.ImmutableTrainingParameters.Builder> training) {
    return project(ExampleProjects.guideDataset(), training);
  }

  private static List<Violation> fired(LoraProject p, String id) {
    return RuleEngine.qwenCharacter().check(p).withRule(id);
  }

  private static LoraProject rank(int rank) {
    return training(t -> t.network(NetworkSettings.builder().rank(rank).build()));
  }

  @Test
  void rank_guideRange16To64_andTooHighFrom128() {
    // guide l.196-200: "16-64 range (16 is sweet spot)", "Higher ranks (128+) capture unwanted
    // details"; l.602 "Lower rank (8-12)" is the fix for background bleed, hence below 16 warns.
    assertThat(fired(rank(15), "network.rank-out-of-range")).hasSize(1);
    assertThat(fired(rank(16), "network.rank-out-of-range")).isEmpty();
    assertThat(fired(rank(64), "network.rank-out-of-range")).isEmpty();
    assertThat(fired(rank(65), "network.rank-out-of-range")).hasSize(1);
    assertThat(fired(rank(127), "network.rank-out-of-range")).hasSize(1);
    assertThat(fired(rank(127), "network.rank-too-high")).isEmpty();
    assertThat(fired(rank(128), "network.rank-too-high")).hasSize(1);
    assertThat(fired(rank(128), "network.rank-out-of-range")).isEmpty();
    assertThat(fired(rank(15), "network.rank-out-of-range").get(0).severity())
        .isEqualTo(Severity.WARNING);
  }

  private static LoraProject lr(double lr) {
    return training(t -> t.learningRate(lr));
  }

  @Test
  void learningRate_guideRange5em5To5em4() {
    // guide l.209-212: 0.00005 "ultra-safe", 0.0002 the sweet spot, 0.0005 "higher overfit risk".
    assertThat(fired(lr(5e-5), "optimizer.lr-too-low")).isEmpty();
    assertThat(fired(lr(4.9e-5), "optimizer.lr-too-low")).hasSize(1);
    assertThat(fired(lr(5e-4), "optimizer.lr-too-high")).isEmpty();
    assertThat(fired(lr(5.1e-4), "optimizer.lr-too-high")).hasSize(1);
    assertThat(fired(lr(2e-4), "optimizer.lr-too-low")).isEmpty();
    assertThat(fired(lr(2e-4), "optimizer.lr-too-high")).isEmpty();
  }

  private static LoraProject epochs(int epochs) {
    return training(t -> t.length(TrainingLength.epochs(epochs)));
  }

  @Test
  void epochs_guide8To10StandardAndUpTo15ForMultiOutfit() {
    // guide l.228-230: 8-10 standard, 12-15 complex characters, 50+ only for style LoRAs.
    assertThat(fired(epochs(7), "training.epochs-too-few")).hasSize(1);
    assertThat(fired(epochs(8), "training.epochs-too-few")).isEmpty();
    assertThat(fired(epochs(15), "training.epochs-too-many")).isEmpty();
    assertThat(fired(epochs(16), "training.epochs-too-many")).hasSize(1);
    assertThat(fired(epochs(50), "training.epochs-too-many")).isEmpty();
    assertThat(fired(epochs(50), "training.epochs-style-regime")).hasSize(1);
    assertThat(fired(epochs(49), "training.epochs-style-regime")).isEmpty();
  }

  private static LoraProject dropout(double rate) {
    return training(t -> t.captionDropoutRate(rate));
  }

  @Test
  void captionDropout_guide005_warnsAbove01() {
    // guide "Configuration File": caption_dropout_rate 0.05.
    assertThat(fired(dropout(0.05), "caption.dropout-out-of-range")).isEmpty();
    assertThat(fired(dropout(0.1), "caption.dropout-out-of-range")).isEmpty();
    assertThat(fired(dropout(0.11), "caption.dropout-out-of-range")).hasSize(1);
    assertThat(fired(dropout(1.0), "caption.dropout-out-of-range")).hasSize(1);
  }

  private static LoraProject ema(boolean on, double decay) {
    return training(t -> t.ema(EmaSettings.of(on, decay)));
  }

  @Test
  void emaDecay_guide0999_range099To09999() {
    // guide "EMA": ema_decay 0.999.
    assertThat(fired(ema(true, 0.999), "ema.decay-out-of-range")).isEmpty();
    assertThat(fired(ema(true, 0.99), "ema.decay-out-of-range")).isEmpty();
    assertThat(fired(ema(true, 0.9899), "ema.decay-out-of-range")).hasSize(1);
    assertThat(fired(ema(true, 0.9999), "ema.decay-out-of-range")).isEmpty();
    assertThat(fired(ema(true, 0.99995), "ema.decay-out-of-range")).hasSize(1);
    assertThat(fired(ema(false, 0.5), "ema.decay-out-of-range")).isEmpty();
  }

  private static LoraProject composition(
      int character, int charRepeats, int body, int bodyRepeats) {
    return project(
        DatasetSpec.builder()
            .addFolder(
                DatasetFolder.fromFolderName(charRepeats + "_maya_char").withImageCount(character))
            .addFolder(
                DatasetFolder.fromFolderName(bodyRepeats + "_maya_char_realbody")
                    .withImageCount(body))
            .build(),
        t -> t);
  }

  @Test
  void bodyShare_guide70To30_between20And45Percent() {
    // guide "Dataset Composition": 70 character + 30 body images; 60/40 against plastic skin.
    assertThat(fired(composition(70, 40, 30, 20), "composition.character-body-ratio")).isEmpty();
    assertThat(fired(composition(80, 40, 20, 20), "composition.character-body-ratio")).isEmpty();
    assertThat(fired(composition(81, 40, 19, 20), "composition.character-body-ratio")).hasSize(1);
    assertThat(fired(composition(55, 40, 45, 20), "composition.character-body-ratio")).isEmpty();
    assertThat(fired(composition(54, 40, 46, 20), "composition.character-body-ratio")).hasSize(1);
  }

  @Test
  void repeatsRatio_guide2800To600_between3And5To1() {
    // guide "Repeats Calculation": 70 x 40 = 2,800 character and 30 x 20 = 600 body samples.
    assertThat(fired(composition(70, 40, 30, 20), "composition.repeats-ratio")).isEmpty();
    // (The guide tunes between 4:1 and 5:1; lorakit warns outside 3:1-5:1.)
    assertThat(fired(composition(60, 10, 40, 5), "composition.repeats-ratio")).isEmpty(); // 3.0
    assertThat(fired(composition(60, 10, 41, 5), "composition.repeats-ratio")).hasSize(1); // 2.93
    assertThat(fired(composition(70, 10, 28, 5), "composition.repeats-ratio")).isEmpty(); // 5.0
    assertThat(fired(composition(71, 10, 28, 5), "composition.repeats-ratio")).hasSize(1); // 5.07
  }
}
