package dev.lorakit.core.sweep;

import dev.lorakit.core.validation.Violation;
import java.nio.file.Path;
import java.util.List;
import org.immutables.value.Value;

/**
 * What a sweep has seen of one arm so far, from its {@link ArmEvent}s: its samples and checkpoints
 * at home, its loss log and its red flags. An {@link ArmScorer} scores an arm from this.
 *
 * <pre>{@code
 * ArmObservation seen = ...;
 * seen.samplesUpTo(340);        // the newest samples at or before step 340
 * seen.lossUpTo("loss/loss", 340);
 * }</pre>
 */
@Value.Immutable
public abstract class ArmObservation {
  public abstract SweepArm arm();

  /** The arm's folder at home (checkpoints, {@code samples/}). */
  public abstract Path dir();

  public abstract List<ArmEvent.Sample> samples();

  public abstract List<ArmEvent.Loss> loss();

  public abstract List<ArmEvent.Checkpoint> checkpoints();

  public abstract List<Violation> redFlags();

  /** The samples of the newest sample step at or before {@code step}; empty when none. */
  public List<ArmEvent.Sample> samplesUpTo(int step) {
    int newest =
        samples().stream().mapToInt(ArmEvent.Sample::step).filter(s -> s <= step).max().orElse(-1);
    return samples().stream().filter(s -> s.step() == newest).toList();
  }

  /** Logged points of {@code key} at or before {@code step} that have a value, in step order. */
  public List<ArmEvent.Loss> lossUpTo(String key, int step) {
    return loss().stream()
        .filter(p -> p.key().equals(key) && p.step() <= step && p.value().isPresent())
        .sorted(java.util.Comparator.comparingInt(ArmEvent.Loss::step))
        .toList();
  }

  public static ImmutableArmObservation.Builder builder() {
    return ImmutableArmObservation.builder();
  }
}
