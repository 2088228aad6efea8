package dev.lorakit.core.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's arms train: one isolated trainer per arm (its own GPU and its own output folder),
 * started, watched and stopped through this interface. lorakit ships a RunPod backend (lora-runpod,
 * a pod per arm) and a Kubernetes backend (lora-kubernetes, a Job per arm); the sweep orchestration
 * depends only on this interface.
 *
 * <pre>{@code
 * TrainerBackend backend = ...; // RunpodBackend, KubernetesBackend
 * ArmTrainer t = backend.start(arm, sweepDir.resolve(arm.name()), event -> log(event));
 * t.stop("rung 1: identity 0.41 < median 0.55"); // save_now, bring it home, release the GPU
 * ArmResult r = t.await();
 * backend.liveTrainers(sweepName);               // empty after every arm ended
 * }</pre>
 *
 * <p>Implementations are thread-safe: the orchestration starts and stops arms from one thread and
 * events arrive on the backend's threads.
 */
public interface TrainerBackend {
  /** The backend's name as the CLI writes it: {@code runpod}, {@code kubernetes}. */
  String name();

  /**
   * Starts the arm's trainer and returns at once. Checkpoints and samples come home into {@code
   * armDir}; every fact of the arm's life is sent to {@code events} (on any thread).
   *
   * @throws IllegalArgumentException when the arm is not {@link SweepArm#runnable()}
   */
  ArmTrainer start(SweepArm arm, Path armDir, Consumer<ArmEvent> events);

  /**
   * Starts the arm's trainer as part of the sweep {@code sweepName}, whose name the trainer's name
   * carries as a prefix (so that {@link #liveTrainers} finds it). {@link SweepRunner} calls this
   * one; the default ignores the name and calls {@link #start(SweepArm, Path, Consumer)}.
   *
   * @throws IllegalArgumentException when the arm is not {@link SweepArm#runnable()}
   */
  default ArmTrainer start(String sweepName, SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
    return start(arm, armDir, events);
  }

  /** The price the arm would pay per hour on this backend (0 for a cluster that bills nothing). */
  double usdPerHour(SweepArm arm);

  /**
   * The names of the trainers (pods, Jobs) carrying the sweep's name prefix that are still alive on
   * the backend, whether or not this process started them: empty after a clean sweep.
   */
  List<String> liveTrainers(String sweepName);
}
