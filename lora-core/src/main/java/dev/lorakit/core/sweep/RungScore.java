package dev.lorakit.core.sweep;

import java.util.Comparator;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * How one arm scored at one rung (or at its end): identity of its samples against the dataset's
 * faces when face models are given, its loss, its red flags, and what the score is based on.
 *
 * <pre>{@code
 * RungScore s = RungScore.builder().arm("maya_lr0.0002").rung(1).step(340)
 *     .identity(0.61).copycat(0.72).loss(0.21).lossKey("loss/loss").redFlags(0)
 *     .basis("identity of 4 samples at step 250").build();
 * list.sort(RungScore.BETTER_FIRST);
 * }</pre>
 */
@Value.Immutable
public abstract class RungScore {
  /**
   * Better first: higher identity (an arm without a measured identity after those with one), then
   * fewer red flags, then lower loss (an arm without a loss after those with one), then the arm's
   * name so that the order is total.
   */
  public static final Comparator<RungScore> BETTER_FIRST =
      Comparator.comparing((RungScore s) -> s.identity().isEmpty())
          .thenComparing(s -> -s.identity().orElse(0))
          .thenComparingInt(RungScore::redFlags)
          .thenComparing(s -> s.loss().isEmpty())
          .thenComparingDouble(s -> s.loss().orElse(0))
          .thenComparing(RungScore::arm);

  /** The arm's name ({@code config.name}). */
  public abstract String arm();

  /** The rung, from 1; 0 for the score at the arm's end. */
  public abstract int rung();

  /** The step the arm was scored at. */
  public abstract int step();

  /**
   * Mean cosine of the samples' faces to the dataset's face centroid; empty without face models.
   */
  public abstract OptionalDouble identity();

  /** Highest cosine of a sample face to one training face (memorisation); empty without faces. */
  public abstract OptionalDouble copycat();

  /**
   * Flexibility where measurable: {@code 1 - copycat}, how far the samples stay from any single
   * training face (MirrorMetrics' copy measure turned around); empty without faces.
   */
  public OptionalDouble flexibility() {
    return copycat().isPresent()
        ? OptionalDouble.of(Math.max(0, 1 - copycat().getAsDouble()))
        : OptionalDouble.empty();
  }

  /** Mean of the last logged loss points up to the step; empty when none was logged. */
  public abstract OptionalDouble loss();

  /** The loss key used: {@code val/loss} when the trainer logs it, else {@code loss/loss}. */
  @Value.Default
  public String lossKey() {
    return "";
  }

  /** Red flags of severity WARNING or worse raised up to the step. */
  public abstract int redFlags();

  /** What the score rests on, for the report ({@code "identity of 4 samples at step 250"}). */
  public abstract String basis();

  public static ImmutableRungScore.Builder builder() {
    return ImmutableRungScore.builder();
  }
}
