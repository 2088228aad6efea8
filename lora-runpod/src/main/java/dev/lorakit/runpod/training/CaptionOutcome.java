package dev.lorakit.runpod.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * How a {@link CaptionRun} ended: the captions that came home (by local image), the images the
 * captioner left without one, and what the pod cost.
 *
 * <pre>{@code
 * CaptionOutcome o = CaptionRun.builder(client, spec).build().execute();
 * o.captions().forEach((image, text) -> System.out.println(image + ": " + text));
 * }</pre>
 */
@Value.Immutable
public abstract class CaptionOutcome {
  /** {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, {@code COST_CAP} or {@code TIME_CAP}. */
  public abstract RunState state();

  /** The caption text ai-toolkit wrote for each local image, as written (not yet edited). */
  public abstract Map<Path, String> captions();

  /** Uploaded images without a non-empty caption after the job (the captioner skipped them). */
  public abstract List<Path> uncaptioned();

  public abstract Optional<String> podId();

  public abstract Optional<String> jobId();

  /** Estimated cost: the pod's hourly price times its age. */
  @Value.Default
  public double costUsd() {
    return 0;
  }

  /** RunPod's billed amount for the pod, when the billing endpoint answered. */
  public abstract OptionalDouble billedUsd();

  @Value.Default
  public boolean podTerminated() {
    return true;
  }

  @Value.Default
  public String message() {
    return "";
  }

  public static ImmutableCaptionOutcome.Builder builder() {
    return ImmutableCaptionOutcome.builder();
  }
}
