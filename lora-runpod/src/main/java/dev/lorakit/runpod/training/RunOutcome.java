package dev.lorakit.runpod.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** How a training run ended: state, checkpoints on disk, cost estimate. */
@Value.Immutable
public abstract class RunOutcome {
  public abstract RunState state();

  public abstract Optional<String> podId();

  public abstract Optional<String> jobId();

  /** Checkpoints fully downloaded and size-verified, in download order. */
  public abstract List<Path> checkpoints();

  /** Pod cost estimate: the pod's hourly cost times the time it existed, in USD. */
  @Value.Default
  public double costUsd() {
    return 0;
  }

  /** Whether the pod was terminated (or found gone) at the end. */
  @Value.Default
  public boolean podTerminated() {
    return false;
  }

  @Value.Default
  public String message() {
    return "";
  }

  public static ImmutableRunOutcome.Builder builder() {
    return ImmutableRunOutcome.builder();
  }
}
