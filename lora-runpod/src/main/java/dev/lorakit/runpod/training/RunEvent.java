package dev.lorakit.runpod.training;

import dev.lorakit.core.validation.Violation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@link TrainingRun} reports while it runs, in order: immutable values, one per fact. The
 * CLI's live view and its {@code --format json} lines are drawn from these and nothing else.
 *
 * <pre>{@code
 * TrainingRun.builder(client, spec)
 *     .listener(event -> {
 *       if (event instanceof RunEvent.Progress p) System.out.println(p.step() + "/" + p.total());
 *     })
 *     .build()
 *     .execute();
 * }</pre>
 */
public sealed interface RunEvent {
  /** When lorakit observed the fact (the run's clock). */
  Instant at();

  /** The event's kind in JSON lines: {@code progress}, {@code loss}, ... */
  String kind();

  /** A pod was created (or adopted) and is ready; {@code attempt} counts pods of this run. */
  record PodReady(
      Instant at, String podId, String gpuTypeId, String cloud, double costPerHour, int attempt)
      implements RunEvent {
    @Override
    public String kind() {
      return "pod-ready";
    }
  }

  /**
   * Step and total, measured seconds per step (empty until two polls saw the step advance), the
   * time left at that speed, and the cost so far and projected to the last step.
   */
  record Progress(
      Instant at,
      int step,
      int total,
      OptionalDouble secondsPerStep,
      OptionalDouble etaSeconds,
      double costUsd,
      OptionalDouble projectedCostUsd,
      String status,
      String info)
      implements RunEvent {
    @Override
    public String kind() {
      return "progress";
    }
  }

  /**
   * One point of ai-toolkit's loss log ({@code GET /api/jobs/{id}/loss}): {@code key} is {@code
   * loss/loss}, {@code learning_rate} or {@code val/loss}; an empty value is what the route returns
   * for a NaN or infinite loss (SQLite stores NaN as NULL).
   */
  record LossPoint(Instant at, String key, int step, OptionalDouble value) implements RunEvent {
    @Override
    public String kind() {
      return "loss";
    }
  }

  /** GPU memory (MiB) and utilisation (%) of the pod's first GPU, from {@code /api/monitor}. */
  record MonitorSample(
      Instant at, double memoryUsedMb, double memoryTotalMb, double utilisationPercent)
      implements RunEvent {
    @Override
    public String kind() {
      return "monitor";
    }
  }

  /** A checkpoint downloaded and size-verified at home; {@code step} is empty for the final one. */
  record CheckpointSaved(Instant at, Path file, long bytes, java.util.OptionalInt step)
      implements RunEvent {
    @Override
    public String kind() {
      return "checkpoint";
    }
  }

  /** A trainer sample image downloaded at home; its name carries the step. */
  record SampleSaved(Instant at, Path file, int step) implements RunEvent {
    @Override
    public String kind() {
      return "sample";
    }
  }

  /** A red flag: a violation of a {@link RunRules} rule, reported once per rule and path. */
  record RedFlag(Instant at, Violation violation) implements RunEvent {
    public RedFlag {
      Objects.requireNonNull(violation, "violation");
    }

    @Override
    public String kind() {
      return "red-flag";
    }
  }

  /**
   * The cost so far: the pods' hourly cost times their lifetime, or RunPod's billing at the end.
   */
  record Cost(Instant at, double costUsd, boolean reconciled) implements RunEvent {
    @Override
    public String kind() {
      return "cost";
    }
  }

  /** The pod died, exited, or the step stopped advancing. */
  record PodLost(Instant at, String podId, String reason) implements RunEvent {
    @Override
    public String kind() {
      return "pod-lost";
    }
  }

  /** The job was restarted under the same name and resumes from its newest save. */
  record Resumed(Instant at, String podId, int fromStep) implements RunEvent {
    @Override
    public String kind() {
      return "resumed";
    }
  }

  /** ai-toolkit's {@code save_now} was honoured before a stop; the checkpoint is at home. */
  record SavedNow(Instant at, Path file, int step, String reason) implements RunEvent {
    @Override
    public String kind() {
      return "saved-now";
    }
  }

  /** The run ended; the pod is terminated (or could not be, see the outcome). */
  record Finished(Instant at, RunOutcome outcome) implements RunEvent {
    @Override
    public String kind() {
      return "finished";
    }
  }
}
