package dev.lorakit.core.face;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * How one checkpoint's samples score against the dataset's faces.
 *
 * <pre>{@code
 * CheckpointIdentity s = CheckpointIdentity.builder().step(340).samples(5).faces(5)
 *     .identity(0.61).copycat(0.72).build();
 * }</pre>
 */
@Value.Immutable
public abstract class CheckpointIdentity {
  /** The trainer step of the checkpoint (and of its samples). */
  public abstract long step();

  /** Sample images of this step. */
  public abstract int samples();

  /** Samples in which a face was found. */
  public abstract int faces();

  /** Mean cosine of the samples' faces to the dataset's face centroid; 0 without faces. */
  public abstract double identity();

  /** Highest cosine of any sample face to any single training face; 0 without faces. */
  public abstract double copycat();

  /** The training image the copycat cosine was reached with. */
  public abstract Optional<String> nearestTrainingImage();

  /** The checkpoint file of this step, when it is in the run folder. */
  public abstract Optional<String> checkpoint();

  public static ImmutableCheckpointIdentity.Builder builder() {
    return ImmutableCheckpointIdentity.builder();
  }
}
