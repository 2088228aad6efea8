package dev.lorakit.runpod.training;

import dev.lorakit.core.validation.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/** How a training run ended: state, checkpoints on disk, cost estimate. */
@Value.Immutable
public abstract class RunOutcome {
  public abstract RunState state();

  public abstract Optional<String> podId();

  public abstract Optional<String> jobId();

  /** Checkpoints fully downloaded and size-verified, in download order. */
  public abstract List<Path> checkpoints();

  /** The trainer's samples downloaded, in download order. */
  public abstract List<Path> samples();

  /** The red flags raised during the run. */
  public abstract List<Violation> redFlags();

  /** What RunPod's billing endpoint reported for the run's pods at the end, when it answered. */
  public abstract OptionalDouble billedUsd();

  /** Pods this run created (more than one after a lost pod). */
  @Value.Default
  public int pods() {
    return 0;
  }

  /** Pod cost estimate: the pods' hourly cost times the time they existed, in USD. */
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
