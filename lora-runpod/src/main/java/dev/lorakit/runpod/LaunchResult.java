package dev.lorakit.runpod;

import dev.lorakit.runpod.pod.Pod;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The pod a {@link PodLauncher} obtained, where, and every try it took. */
@Value.Immutable
public abstract class LaunchResult {
  public abstract Pod pod();

  /** Absent when an existing pod of the same name was adopted before any create. */
  public abstract Optional<PlacementCandidate> candidate();

  /** True when the pod was created by an earlier, failed-looking call and found by name. */
  public abstract boolean adopted();

  public abstract List<LaunchAttempt> attempts();

  public static ImmutableLaunchResult.Builder builder() {
    return ImmutableLaunchResult.builder();
  }
}
