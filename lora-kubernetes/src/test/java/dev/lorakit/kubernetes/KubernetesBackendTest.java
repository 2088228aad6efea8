package dev.lorakit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmResult;
import dev.lorakit.core.sweep.ArmTrainer;
import dev.lorakit.core.sweep.SweepArm;
import dev.lorakit.core.sweep.SweepAxis;
import dev.lorakit.core.sweep.SweepPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class KubernetesBackendTest {
  private static final String NS = "lora";

  @TempDir Path tmp;
  private FakeCluster cluster;
  private KubernetesBackend backend;
  private final List<ArmEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    cluster = new FakeCluster();
    backend = KubernetesBackend.create(cluster.client, options().build());
  }

  @AfterEach
  void tearDown() {
    backend.close();
    cluster.close();
  }

  private ImmutableKubernetesOptions.Builder options() {
    return KubernetesOptions.builder()
        .namespace(NS)
        .claimName("lora-training")
        .volumeRoot(tmp.resolve("pvc"))
        .gpuProduct("NVIDIA-L40S")
        .usdPerHour(1.5)
        .pollInterval(Duration.ofMillis(20));
  }

  /** The guide's project on the text-to-image base (no control images needed), four arms. */
  private static SweepPlan fourArms() {
    LoraProject guide =
        LoraProject.builder()
            .name("maya_lora")
            .trigger(TriggerWord.of("maya_char"))
            .baseModel(BaseModel.QWEN_IMAGE_2512)
            .dataset(ExampleProjects.guideDataset())
            .build();
    return SweepPlan.of(
        guide,
        List.of(SweepAxis.parse("lr=1e-4,2e-4"), SweepAxis.parse("rank=8,16")),
        4,
        100,
        TrainingPlanner.defaults());
  }

  @Test
  void start_createsAJobPerArm_withTheGpuTheMountsAndTheCommand() throws Exception {
    SweepArm arm = fourArms().arms().get(0);
    backend.start(arm, tmp.resolve("home"), events::add);

    Job job =
        cluster.client.batch().v1().jobs().inNamespace(NS).withName("maya-lora-lr1e-4-r8").get();
    assertThat(job).as("the Job, named by the DNS-1123 form of the arm").isNotNull();
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "lorakit")
        .containsEntry("lorakit.dev/sweep", "maya_lora")
        .containsEntry("lorakit.dev/arm", "maya_lora_lr1e-4_r8");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(job.getMetadata().getLabels());
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getNodeSelector())
        .containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-L40S"));
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ostris/aitoolkit:0.12.26");
    // run.py's positional config_file_list, run from the repository folder (run.py l.69-76)
    assertThat(c.getCommand()).containsExactly("python", "run.py", "/config/job.yaml");
    assertThat(c.getWorkingDir()).isEqualTo("/app/ai-toolkit");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(c.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(c.getVolumeMounts())
        .extracting(VolumeMount::getMountPath, VolumeMount::getSubPath, VolumeMount::getReadOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/config", null, true),
            org.assertj.core.groups.Tuple.tuple(
                "/training", "lorakit/arms/maya-lora-lr1e-4-r8", null),
            org.assertj.core.groups.Tuple.tuple("/dataset", "dataset", true),
            org.assertj.core.groups.Tuple.tuple("/hf-cache", "hf-cache", null));
    assertThat(c.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("HF_HOME=/hf-cache", "PYTHONUNBUFFERED=1");
    assertThat(pod.getVolumes())
        .extracting(
            v ->
                v.getPersistentVolumeClaim() == null
                    ? null
                    : v.getPersistentVolumeClaim().getClaimName(),
            v -> v.getConfigMap() == null ? null : v.getConfigMap().getName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, "maya-lora-lr1e-4-r8"),
            org.assertj.core.groups.Tuple.tuple("lora-training", null));

    ConfigMap config =
        cluster.client.configMaps().inNamespace(NS).withName("maya-lora-lr1e-4-r8").get();
    assertThat(config.getMetadata().getLabels()).isEqualTo(job.getMetadata().getLabels());
    Map<String, Object> yaml = new Yaml().load(config.getData().get("job.yaml"));
    Map<String, Object> process = process(yaml);
    // the config run.py reads: ai-toolkit's own job type, this arm's name and settings
    assertThat(yaml).containsEntry("job", "extension");
    assertThat(process)
        .containsEntry("type", "diffusion_trainer")
        .containsEntry("training_folder", "/training");
    assertThat(config(yaml)).containsEntry("name", "maya_lora_lr1e-4_r8");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> datasets = (List<Map<String, Object>>) process.get("datasets");
    assertThat(datasets)
        .extracting(d -> d.get("folder_path"))
        .containsExactly("/dataset/40_maya_char", "/dataset/20_maya_char_realbody");
    @SuppressWarnings("unchecked")
    Map<String, Object> network = (Map<String, Object>) process.get("network");
    assertThat(network).containsEntry("linear", 8);
  }

  @Test
  void fourArms_twoStoppedAtARung_twoTrainedToTheEnd_everyCheckpointHome_nothingLeft()
      throws Exception {
    SweepPlan plan = fourArms();
    assertThat(plan.arms()).hasSize(4);
    List<FakeTrainer> fakes = new ArrayList<>();
    List<ArmTrainer> trainers = new ArrayList<>();
    for (SweepArm arm : plan.arms()) {
      Path home = tmp.resolve("home").resolve(arm.name());
      trainers.add(backend.start(arm, home, events::add));
      fakes.add(new FakeTrainer(arm));
    }
    assertThat(backend.liveTrainers("maya_lora")).hasSize(4);
    assertThat(cluster.client.configMaps().inNamespace(NS).list().getItems()).hasSize(4);

    int saveEvery = fakes.get(0).saveEvery;
    int total = fakes.get(0).total;
    assertThat(2 * saveEvery).as("the rung is before the last save").isLessThan(total);
    for (FakeTrainer f : fakes) {
      f.schedule();
      f.loading();
    }
    // the container is up but ai-toolkit has not started the bar: nothing happens
    Thread.sleep(100);
    assertThat(trainers).allSatisfy(t -> assertThat(t.status().step()).isZero());

    for (int i = 0; i < 4; i++) {
      FakeTrainer f = fakes.get(i);
      f.bar(saveEvery, 0.3 - i * 0.05);
      f.save(saveEvery);
      f.sample(saveEvery);
      f.bar(saveEvery + 3, 0.29 - i * 0.05);
    }
    for (int i = 0; i < 4; i++) {
      ArmTrainer t = trainers.get(i);
      until(() -> t.status().step() == saveEvery + 3, t + " at step " + (saveEvery + 3));
      Path first =
          tmp.resolve("home")
              .resolve(plan.arms().get(i).name())
              .resolve(fakes.get(i).checkpointName(saveEvery));
      until(() -> Files.exists(first), "first save home");
    }

    // rung 1: arms 2 and 3 stop; ai-toolkit cannot save on demand, so they train to step 2 x
    // save_every
    trainers.get(2).stop("rung 1: identity below the median");
    trainers.get(3).stop("rung 1: identity below the median");
    for (int i = 2; i < 4; i++) {
      FakeTrainer f = fakes.get(i);
      f.bar(2 * saveEvery, 0.2);
      f.save(2 * saveEvery); // being written: the bar has not moved past its step
    }
    assertThat(trainers.get(2).await(Duration.ofMillis(200))).isEmpty();
    assertThat(trainers.get(2).status().ended()).isFalse();
    for (int i = 2; i < 4; i++) {
      fakes.get(i).bar(2 * saveEvery + 1, 0.2);
    }
    for (int i = 2; i < 4; i++) {
      ArmResult r = trainers.get(i).await(Duration.ofSeconds(20)).orElseThrow();
      FakeTrainer f = fakes.get(i);
      assertThat(r.ending()).isEqualTo(ArmResult.Ending.STOPPED);
      assertThat(r.lastStep()).isEqualTo(2 * saveEvery + 1);
      assertThat(r.reason()).contains("rung 1").contains("step " + 2 * saveEvery);
      assertThat(r.checkpoints())
          .extracting(p -> p.getFileName().toString())
          .containsExactly(f.checkpointName(saveEvery), f.checkpointName(2 * saveEvery));
      for (Path p : r.checkpoints()) {
        assertThat(p).hasSameBinaryContentAs(f.dir.resolve(p.getFileName()));
      }
      assertThat(r.samples()).hasSize(1);
      assertThat(r.released()).isTrue();
      assertThat(cluster.client.batch().v1().jobs().inNamespace(NS).withName(f.job).get()).isNull();
    }

    // arms 0 and 1 run to the end: the final unnumbered file comes home once the Job succeeded
    for (int i = 0; i < 2; i++) {
      FakeTrainer f = fakes.get(i);
      f.save(2 * saveEvery);
      f.bar(total, 0.1 + i * 0.01);
      f.saveFinal();
      cluster.finishJob(NS, f.job, true);
    }
    for (int i = 0; i < 2; i++) {
      ArmResult r = trainers.get(i).await(Duration.ofSeconds(20)).orElseThrow();
      FakeTrainer f = fakes.get(i);
      assertThat(r.ending()).isEqualTo(ArmResult.Ending.COMPLETED);
      assertThat(r.lastStep()).isEqualTo(total);
      assertThat(r.checkpoints())
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              f.checkpointName(saveEvery),
              f.checkpointName(2 * saveEvery),
              plan.arms().get(i).name() + ".safetensors");
      for (Path p : r.checkpoints()) {
        assertThat(p).hasSameBinaryContentAs(f.dir.resolve(p.getFileName()));
      }
      assertThat(r.released()).isTrue();
      assertThat(r.costUsd()).isGreaterThan(0);
    }

    assertThat(backend.liveTrainers("maya_lora")).isEmpty();
    assertThat(cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(cluster.client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(cluster.client.pods().inNamespace(NS).list().getItems()).isEmpty();
    // the loss the bar showed, under the logger's key (BaseSDTrainProcess l.2750: f'loss/{key}')
    assertThat(events)
        .filteredOn(e -> e instanceof ArmEvent.Loss l && l.arm().equals(plan.arms().get(3).name()))
        .map(e -> (ArmEvent.Loss) e)
        .anySatisfy(
            l -> {
              assertThat(l.key()).isEqualTo("loss/loss");
              assertThat(l.step()).isEqualTo(saveEvery + 3);
              assertThat(l.value().getAsDouble()).isEqualTo(0.14);
            });
    assertThat(events).filteredOn(ArmEvent.Ended.class::isInstance).hasSize(4);
    assertThat(events)
        .filteredOn(e -> e instanceof ArmEvent.Checkpoint c && c.step().equals(OptionalInt.empty()))
        .hasSize(2);
  }

  @Test
  void start_withTheSweepsName_namesAndLabelsTheJobWithIt() throws Exception {
    SweepArm arm = fourArms().arms().get(3);
    ArmTrainer t = backend.start("maya_lora-202612020130", arm, tmp.resolve("home"), events::add);
    Job job =
        cluster
            .client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withName("maya-lora-202612020130-lr2e-4-r16")
            .get();
    assertThat(job).isNotNull();
    assertThat(job.getMetadata().getLabels())
        .containsEntry("lorakit.dev/sweep", "maya_lora-202612020130")
        .containsEntry("lorakit.dev/arm", "maya_lora_lr2e-4_r16");
    assertThat(backend.liveTrainers("maya_lora-202612020130"))
        .containsExactly("maya-lora-202612020130-lr2e-4-r16");
    assertThat(backend.liveTrainers("maya_lora")).isEmpty();
    t.stop("end of test");
    assertThat(t.await(Duration.ofSeconds(20))).isPresent();
    assertThat(backend.liveTrainers("maya_lora-202612020130")).isEmpty();
  }

  @Test
  void stop_beforeTheBarMoved_deletesTheJobAtOnce() throws Exception {
    SweepArm arm = fourArms().arms().get(1);
    ArmTrainer t = backend.start(arm, tmp.resolve("home"), events::add);
    new FakeTrainer(arm).schedule();
    t.stop("budget");
    ArmResult r = t.await(Duration.ofSeconds(20)).orElseThrow();
    assertThat(r.ending()).isEqualTo(ArmResult.Ending.STOPPED);
    assertThat(r.reason()).contains("before training began");
    assertThat(r.checkpoints()).isEmpty();
    assertThat(r.released()).isTrue();
    assertThat(backend.liveTrainers("maya_lora")).isEmpty();
  }

  @Test
  void failedJob_keepsTheCompleteCheckpoints_notTheOneBeingWritten() throws Exception {
    SweepArm arm = fourArms().arms().get(2);
    ArmTrainer t = backend.start(arm, tmp.resolve("home"), events::add);
    FakeTrainer f = new FakeTrainer(arm);
    f.schedule();
    f.bar(f.saveEvery + 1, 0.2);
    f.save(f.saveEvery);
    f.save(2 * f.saveEvery); // the bar never passed it: possibly half written when CUDA ran out
    cluster.finishJob(NS, f.job, false);
    ArmResult r = t.await(Duration.ofSeconds(20)).orElseThrow();
    assertThat(r.ending()).isEqualTo(ArmResult.Ending.FAILED);
    assertThat(r.reason()).contains("backoff limit");
    assertThat(r.checkpoints())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(f.checkpointName(f.saveEvery));
    assertThat(r.released()).isTrue();
    assertThat(cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void liveTrainers_findsAJobOfTheSweepThisProcessDidNotStart() {
    Job orphan =
        new JobBuilder()
            .withNewMetadata()
            .withName("maya-lora-lr3e-4-r8")
            .addToLabels("app.kubernetes.io/managed-by", "lorakit")
            .addToLabels("lorakit.dev/sweep", "maya_lora")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("ai-toolkit")
            .withImage("ostris/aitoolkit:0.12.26")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    cluster.client.batch().v1().jobs().inNamespace(NS).resource(orphan).create();
    assertThat(backend.liveTrainers("maya_lora")).containsExactly("maya-lora-lr3e-4-r8");
    assertThat(backend.liveTrainers("other_sweep")).isEmpty();
  }

  @Test
  void start_anArmWithErrors_isRefused() {
    LoraProject broken =
        LoraProject.builder().from(ExampleProjects.guideAsWritten()).name("guide").build();
    SweepArm arm =
        SweepPlan.of(broken, List.of(SweepAxis.parse("rank=8")), 1, 100, TrainingPlanner.defaults())
            .arms()
            .get(0);
    assertThat(arm.runnable()).isFalse();
    assertThatThrownBy(() -> backend.start(arm, tmp, events::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not runnable");
    assertThat(cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(Map<String, Object> yaml) {
    return (Map<String, Object>) yaml.get("config");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> process(Map<String, Object> yaml) {
    return ((List<Map<String, Object>>) config(yaml).get("process")).get(0);
  }

  private static void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /**
   * ai-toolkit in the arm's pod, as far as lorakit sees it: the pod log and the files on the volume
   * under {@code training_folder/<name>/}.
   */
  private final class FakeTrainer {
    final String name;
    final String job;
    final Path dir;
    final int saveEvery;
    final int total;
    private final StringBuilder log = new StringBuilder();
    private String pod;

    @SuppressWarnings("unchecked")
    FakeTrainer(SweepArm arm) throws IOException {
      name = arm.name();
      job = JobNames.dns1123(name);
      dir = tmp.resolve("pvc/lorakit/arms").resolve(job).resolve(name);
      Map<String, Object> yaml =
          new Yaml()
              .load(
                  cluster
                      .client
                      .configMaps()
                      .inNamespace(NS)
                      .withName(job)
                      .get()
                      .getData()
                      .get("job.yaml"));
      Map<String, Object> process = process(yaml);
      saveEvery = (Integer) ((Map<String, Object>) process.get("save")).get("save_every");
      total = (Integer) ((Map<String, Object>) process.get("train")).get("steps");
    }

    void schedule() {
      pod = cluster.schedulePod(NS, job).getMetadata().getName();
    }

    void loading() {
      log.append("Running 1 job\n{\n    \"type\": \"diffusion_trainer\"\n}\nLoading transformer\n");
      cluster.log(pod, log.toString());
    }

    /**
     * A refresh of the bar in tqdm's format: {@code l_bar = desc + ": " + "{percentage:3.0f}%|"},
     * {@code r_bar = f"| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"} and
     * {@code postfix = ", " + postfix} (tqdm/std.py l.569-589), written after a {@code \r}
     * (l.455-457); the postfix is ai-toolkit's {@code f"lr: {lr:.1e}"} plus {@code f" loss:
     * {loss:.3e}"} (BaseSDTrainProcess.py l.2692-2694).
     */
    void bar(int n, double loss) {
      int pct = (int) Math.round(100.0 * n / total);
      int filled = pct / 10;
      String bar = "█".repeat(filled) + " ".repeat(10 - filled);
      log.append(
          String.format(
              Locale.ROOT,
              "\r%s: %3d%%|%s| %d/%d [10:00<50:00,  1.25s/it, lr: 1.0e-04 loss: %.3e]",
              name,
              pct,
              bar,
              n,
              total,
              loss));
      cluster.log(pod, log.toString());
    }

    String checkpointName(int step) {
      return String.format(Locale.ROOT, "%s_%09d.safetensors", name, step);
    }

    void save(int step) throws IOException {
      // print_acc(f"\nSaving at step {self.step_num}") (BaseSDTrainProcess.py l.2716)
      log.append("\nSaving at step ").append(step).append('\n');
      cluster.log(pod, log.toString());
      write(dir.resolve(checkpointName(step)), step);
    }

    void saveFinal() throws IOException {
      write(dir.resolve(name + ".safetensors"), -1);
    }

    void sample(int step) throws IOException {
      write(
          dir.resolve("samples")
              .resolve(String.format(Locale.ROOT, "1764633600000__%09d_0.jpg", step)),
          step);
    }

    private void write(Path file, int step) throws IOException {
      Files.createDirectories(file.getParent());
      byte[] bytes = (name + "@" + step + "\n").repeat(1 + Math.abs(step) % 7).getBytes();
      Files.write(file, bytes);
    }
  }

  @Test
  void sweepName_isTheArmsNameWithoutItsLabels() {
    assertThat(fourArms().arms()).extracting(JobNames::sweepName).containsOnly("maya_lora");
    assertThat(Optional.of(fourArms().arms().get(3).name())).contains("maya_lora_lr2e-4_r16");
  }
}
