package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.project.LoraProject;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TuningAdvisorTest {
  private final LoraProject guide = TrainingPlannerTest.guideIntent();

  @Test
  void advise_backgroundBleed_lowersRankTo12WithTheReason() {
    TuningAdvice advice = TuningAdvisor.advise(guide, Set.of(Symptom.BACKGROUND_BLEED));

    assertThat(advice.project().training().network().rank()).isLessThanOrEqualTo(12);
    assertThat(advice.project().training().network().alpha()).isEqualTo(12.0);
    assertThat(advice.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path()).isEqualTo("network.linear");
              assertThat(c.before()).isEqualTo("16");
              assertThat(c.after()).isEqualTo("12");
              assertThat(c.reason()).contains("backgrounds");
            });
    assertThat(advice.actions()).anyMatch(a -> a.contains("vary backgrounds"));
  }

  @Test
  void advise_underfit_raisesLearningRateTo3e4() {
    TuningAdvice advice = TuningAdvisor.advise(guide, Set.of(Symptom.UNDERFIT));

    assertThat(advice.project().training().learningRate()).isEqualTo(3e-4);
    assertThat(advice.resolutions()).isEmpty();
  }

  @Test
  void advise_underfitWithFaceInconsistency_lowerRateWinsAndUnderfitGetsEpochs() {
    TuningAdvice advice =
        TuningAdvisor.advise(guide, EnumSet.of(Symptom.UNDERFIT, Symptom.FACE_INCONSISTENCY));

    assertThat(advice.project().training().learningRate()).isEqualTo(1e-4);
    assertThat(advice.project().training().length().epochs()).hasValue(12);
    assertThat(advice.resolutions()).singleElement().asString().contains("lower rate wins");
  }

  @Test
  void advise_overfitAndUnderfit_changeNeitherRateNorEpochs() {
    TuningAdvice advice =
        TuningAdvisor.advise(guide, EnumSet.of(Symptom.UNDERFIT, Symptom.OVERFIT));

    assertThat(advice.project().training()).isEqualTo(guide.training());
    assertThat(advice.resolutions()).singleElement().asString().contains("dataset");
  }

  @Test
  void advise_wrongProportions_movesRepeatsTowardFiveToOne() {
    TuningAdvice advice = TuningAdvisor.advise(guide, Set.of(Symptom.WRONG_PROPORTIONS));

    long character = advice.project().dataset().samplesPerEpoch(FolderRole.CHARACTER);
    long body = advice.project().dataset().samplesPerEpoch(FolderRole.BODY_REALISM);
    assertThat((double) character / body).isGreaterThanOrEqualTo(5.0);
  }

  @Test
  void advise_everyCombination_neverContradictsItself() {
    Symptom[] all = Symptom.values();
    for (int mask = 0; mask < 1 << all.length; mask++) {
      EnumSet<Symptom> set = EnumSet.noneOf(Symptom.class);
      for (int i = 0; i < all.length; i++) {
        if ((mask & 1 << i) != 0) {
          set.add(all[i]);
        }
      }
      TuningAdvice advice = TuningAdvisor.advise(guide, set);
      // no trainer key is changed twice in opposite directions
      assertThat(advice.changes().stream().map(TuningChange::path).distinct().count())
          .as("%s", set)
          .isEqualTo(advice.changes().size());
    }
  }

  @Test
  void faceFirst_stageOneIsPortraitsOnlyAndStageTwoResumes() {
    StagePlan stages = StagePlan.faceFirst(guide, "40_maya_char_faces", 20);

    assertThat(stages.faceStage().dataset().folders())
        .singleElement()
        .satisfies(f -> assertThat(f.imageCount()).hasValue(20));
    assertThat(stages.faceStage().training().length().steps()).hasValue(5000);
    assertThat(stages.fullStage()).isEqualTo(guide);
    assertThat(stages.resumeFrom()).isEqualTo("qwen_character_lora_face.safetensors");
  }
}
