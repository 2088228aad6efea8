package dev.lorakit.core.sweep;

import dev.lorakit.core.validation.Severity;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Scores an arm at a rung of successive halving from what is at home. lora-vision's identity scorer
 * scores the arm's samples against the dataset's faces; {@link #lossAndRedFlags()} scores without
 * face models.
 *
 * <pre>{@code
 * ArmScorer scorer = ArmScorer.lossAndRedFlags();
 * RungScore s = scorer.score(observation, 1, 340);
 * }</pre>
 */
public interface ArmScorer {
  /** Loss points averaged for a score: the last ones up to the step. */
  int LOSS_WINDOW = 20;

  /** The arm's score at {@code step} ({@code rung} 0: at its end). Never throws for user data. */
  RungScore score(ArmObservation seen, int rung, int step);

  /** What this scorer rests on, for the report. */
  String basis();

  /**
   * Scores by loss ({@code val/loss} when logged, else the training {@code loss/loss}) and red
   * flags only, for a sweep without face models.
   */
  static ArmScorer lossAndRedFlags() {
    return new ArmScorer() {
      @Override
      public RungScore score(ArmObservation seen, int rung, int step) {
        return lossOnly(seen, rung, step, "no face models: loss and red flags only").build();
      }

      @Override
      public String basis() {
        return "loss and red flags (no face models given: identity not measured)";
      }
    };
  }

  /**
   * A score builder with the loss and red flags filled in, for scorers that add identity: the mean
   * of the last {@value #LOSS_WINDOW} points of {@code val/loss}, or of {@code loss/loss} when the
   * trainer logs no validation loss.
   */
  static ImmutableRungScore.Builder lossOnly(
      ArmObservation seen, int rung, int step, String basis) {
    String key = "val/loss";
    List<ArmEvent.Loss> points = seen.lossUpTo(key, step);
    if (points.isEmpty()) {
      key = "loss/loss";
      points = seen.lossUpTo(key, step);
    }
    OptionalDouble loss =
        points.subList(Math.max(0, points.size() - LOSS_WINDOW), points.size()).stream()
            .mapToDouble(p -> p.value().getAsDouble())
            .average();
    int flags =
        (int)
            seen.redFlags().stream()
                .filter(v -> v.severity().compareTo(Severity.WARNING) <= 0)
                .count();
    return RungScore.builder()
        .arm(seen.arm().name())
        .rung(rung)
        .step(step)
        .loss(loss)
        .lossKey(loss.isPresent() ? key : "")
        .redFlags(flags)
        .basis(
            loss.isPresent()
                ? String.format(
                    Locale.ROOT, "%s; %s over %d points", basis, key, Math.min(20, points.size()))
                : basis + "; no loss logged");
  }
}
