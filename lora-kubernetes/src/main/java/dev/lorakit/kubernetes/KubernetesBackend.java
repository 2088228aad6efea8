package dev.lorakit.kubernetes;

import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmTrainer;
import dev.lorakit.core.sweep.SweepArm;
import dev.lorakit.core.sweep.TrainerBackend;
import dev.lorakit.yaml.AiToolkitWriter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A {@link TrainerBackend} on a Kubernetes cluster: each arm is one {@code batch/v1} Job running
 * the ai-toolkit image on one GPU, with the arm's job config (lorakit's {@link AiToolkitWriter}
 * output) mounted from a ConfigMap and its training folder on the arm's own sub-path of a shared
 * volume. Progress comes from the pod's log (ai-toolkit's tqdm bar), checkpoints and samples from
 * the volume as this machine sees it ({@link KubernetesOptions#volumeRoot()}); every Job, its pods
 * and its ConfigMap are deleted when the arm ends.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *     KubernetesBackend backend = KubernetesBackend.create(client, options)) {
 *   ArmTrainer t = backend.start(arm, home.resolve(arm.name()), events::add);
 *   t.stop("rung 1");  // waits for the next save_every checkpoint, then deletes the Job
 *   t.await(Duration.ofHours(2));
 * }
 * }</pre>
 *
 * <p><b>Stop.</b> ai-toolkit run from {@code run.py} has no save-now: its {@code save_now} flag is
 * read from the UI's SQLite database only ({@code DiffusionTrainer.should_save}), SIGINT stops
 * without saving ({@code DiffusionTrainer.on_error}), and a deleted pod's SIGTERM kills the process
 * (no handler is installed). So {@link ArmTrainer#stop} lets the arm train on to its next {@code
 * save_every} step, brings that checkpoint home, and then deletes the Job; at most {@code
 * save_every} more steps are paid for and nothing that was trained before the stop is lost.
 */
public final class KubernetesBackend implements TrainerBackend, AutoCloseable {
  private final KubernetesClient client;
  private final KubernetesOptions options;
  private final AiToolkitWriter writer;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsClient;

  private KubernetesBackend(
      KubernetesClient client,
      KubernetesOptions options,
      AiToolkitWriter writer,
      Clock clock,
      boolean ownsClient) {
    this.ownsClient = ownsClient;
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.writer = writer.withTrainingFolder(KubernetesOptions.TRAINING_MOUNT);
    this.clock = clock;
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "lorakit-kubernetes");
              t.setDaemon(true);
              return t;
            });
  }

  /** A backend on {@code client}'s cluster; closing the backend does not close the client. */
  public static KubernetesBackend create(KubernetesClient client, KubernetesOptions options) {
    return new KubernetesBackend(
        client, options, AiToolkitWriter.create(), Clock.systemUTC(), false);
  }

  /**
   * A backend on the cluster of the current kubeconfig context (or the service account when run in
   * a pod), as {@code kubectl} finds it; closing the backend closes that client.
   */
  public static KubernetesBackend fromKubeconfig(KubernetesOptions options) {
    return new KubernetesBackend(
        new KubernetesClientBuilder().build(),
        options,
        AiToolkitWriter.create(),
        Clock.systemUTC(),
        true);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public double usdPerHour(SweepArm arm) {
    return options.usdPerHour();
  }

  /**
   * Creates the arm's ConfigMap and Job and starts watching them.
   *
   * @throws IllegalArgumentException when the arm is not runnable
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster refuses the
   *     ConfigMap or the Job (the ConfigMap is deleted again when the Job is refused)
   */
  @Override
  public ArmTrainer start(SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
    return start(JobNames.sweepName(arm), arm, armDir, events);
  }

  /**
   * Starts the arm as part of the sweep {@code sweepName}: its Job is named {@code sweepName} plus
   * the arm's labels ({@code maya-lora-202612020130-lr1e-4-r8}) and labelled with the sweep, so
   * {@link #liveTrainers(String)} finds it.
   *
   * @throws IllegalArgumentException when the arm is not runnable
   */
  @Override
  public ArmTrainer start(String sweepName, SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
    Objects.requireNonNull(sweepName, "sweepName");
    if (!arm.runnable()) {
      throw new IllegalArgumentException(
          "arm " + arm.name() + " is not runnable: it has errors or no plan");
    }
    String sweep = sweepName;
    String name = JobNames.dns1123(JobNames.jobName(sweepName, arm));
    Map<String, String> labels = JobSpecs.labels(sweep, arm.name());
    LoraProject onVolume = onVolume(arm.project());
    String yaml = writer.toYaml(onVolume);
    // the steps and save_every the written config has (the writer's budget), else the plan's
    StepBudget budget = writer.budget(onVolume).orElse(arm.plan().orElseThrow().budget());
    ConfigMap config = JobSpecs.configMap(name, labels, yaml);
    Job job = JobSpecs.job(options, name, labels, name);
    client.configMaps().inNamespace(options.namespace()).resource(config).create();
    try {
      client.batch().v1().jobs().inNamespace(options.namespace()).resource(job).create();
    } catch (RuntimeException e) {
      client.configMaps().inNamespace(options.namespace()).withName(name).delete();
      throw e;
    }
    Path armVolume =
        options.volumeRoot().resolve(JobSpecs.armSubPath(options, name)).resolve(arm.name());
    KubernetesArmTrainer trainer =
        new KubernetesArmTrainer(
            client, options, arm, budget, name, armVolume, armDir, events, clock, scheduler);
    trainer.schedule();
    return trainer;
  }

  /** The project as the Job sees it: its dataset folders under the dataset mount. */
  private static LoraProject onVolume(LoraProject project) {
    DatasetSpec dataset =
        DatasetSpec.builder().from(project.dataset()).root(KubernetesOptions.DATASET_MOUNT).build();
    return LoraProject.builder().from(project).dataset(dataset).build();
  }

  /** Jobs and pods labelled with the sweep's name, whether or not this process started them. */
  @Override
  public java.util.List<String> liveTrainers(String sweepName) {
    Map<String, String> labels =
        Map.of(
            JobNames.MANAGED_BY, JobNames.MANAGER, JobNames.SWEEP, JobNames.labelValue(sweepName));
    Set<String> names = new TreeSet<>();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(options.namespace())
        .withLabels(labels)
        .list()
        .getItems()
        .stream()
        .map(HasMetadata::getMetadata)
        .forEach(m -> names.add(m.getName()));
    client.pods().inNamespace(options.namespace()).withLabels(labels).list().getItems().stream()
        .map(HasMetadata::getMetadata)
        .forEach(m -> names.add(m.getName()));
    return java.util.List.copyOf(names);
  }

  /** Stops watching; Jobs still running keep running (see {@link #liveTrainers}). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "KubernetesBackend[namespace="
        + options.namespace()
        + ", image="
        + options.image()
        + "]";
  }
}
