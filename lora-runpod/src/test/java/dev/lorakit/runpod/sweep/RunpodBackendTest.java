package dev.lorakit.runpod.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.JobConfigWriter;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.sweep.ArmResult;
import dev.lorakit.core.sweep.SweepAxis;
import dev.lorakit.core.sweep.SweepPlan;
import dev.lorakit.core.sweep.SweepResult;
import dev.lorakit.core.sweep.SweepRunner;
import dev.lorakit.runpod.FakeAiToolkit;
import dev.lorakit.runpod.FakeRunpod;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.VirtualTime;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RunpodBackend under SweepRunner against the fake RunPod and ai-toolkit, in virtual time. */
class RunpodBackendTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path tmp;
  private FakeRunpod runpod;
  private FakeAiToolkit ui;
  private RunpodClient client;
  private final VirtualTime time = new VirtualTime();

  @BeforeEach
  void start() {
    runpod = new FakeRunpod().readiness(1, 2);
    ui = new FakeAiToolkit(runpod);
    client = runpod.clientBuilder().sleeper(time).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(runpod.livePodIds()).as("leaked pods").isEmpty();
      assertThat(runpod.requestViolations()).isEmpty();
    } finally {
      client.close();
      ui.close();
      runpod.close();
    }
  }

  /** The job a UI would get for the project: its name, its true step count, the UI's folders. */
  private static final JobConfigWriter WRITER =
      (project, trainingFolder) -> {
        ObjectNode root = M.createObjectNode().put("job", "extension");
        ObjectNode config = root.putObject("config").put("name", project.name());
        ObjectNode p = config.putArray("process").addObject();
        p.put("type", "diffusion_trainer").put("training_folder", trainingFolder);
        p.putObject("network")
            .put("type", "lora")
            .put("linear", project.training().network().rank())
            .put("linear_alpha", project.training().network().alpha());
        p.putObject("save").put("save_every", 850).put("max_step_saves_to_keep", 20);
        var datasets = p.putArray("datasets");
        project
            .dataset()
            .folders()
            .forEach(
                f ->
                    datasets
                        .addObject()
                        .put("folder_path", project.dataset().root() + "/" + f.path()));
        p.putObject("train")
            .put("steps", StepBudget.compute(project).orElseThrow().totalSteps())
            .put("lr", project.training().learningRate());
        return root.toString();
      };

  private Path dataset() throws IOException {
    Path root = tmp.resolve("dataset");
    for (String folder : List.of("40_maya_char", "20_maya_char_realbody")) {
      Path dir = Files.createDirectories(root.resolve(folder));
      for (int i = 1; i <= 2; i++) {
        Files.write(dir.resolve("img_00" + i + ".jpg"), new byte[] {1, 2, 3, (byte) i});
        Files.writeString(dir.resolve("img_00" + i + ".txt"), "maya_char, portrait " + i);
      }
    }
    return root;
  }

  @Test
  void sweep_twoArmsTiedByLoss_stopsOneAtTheRungWithSaveNowAndLeavesNoPod() throws Exception {
    LoraProject project =
        LoraProject.builder()
            .name("maya_lora")
            .trigger(TriggerWord.of("maya_char"))
            .baseModel(BaseModel.QWEN_IMAGE_2512)
            .dataset(ExampleProjects.guideDataset())
            .build();
    SweepPlan plan =
        SweepPlan.of(
            project,
            List.of(SweepAxis.parse("lr=1e-4,2e-4")),
            2,
            1000,
            TrainingPlanner.defaults().withPricePerHour(0.86));
    RunpodBackend backend =
        RunpodBackend.builder(client, dataset(), WRITER)
            .sleeper(time)
            .clock(time)
            .threads(time.threads())
            .shutdownHook(false)
            .spec(
                s -> TrainingRunSpec.builder().from(s).proxyUrlTemplate(ui.proxyTemplate()).build())
            .build();
    Set<String> podNames = new ConcurrentSkipListSet<>();
    SweepResult r;
    time.join(true);
    try {
      r =
          SweepRunner.builder(backend, plan, tmp.resolve("sweep"))
              .name("mysweep")
              .rungs(List.of(0.5))
              .sleeper(time::sleep)
              .clock(time)
              .listener(e -> podNames.addAll(runpod.livePodNames()))
              .build()
              .run();
    } finally {
      time.leave();
    }

    // 70 x 40 + 30 x 20 = 3,400 samples an epoch, accumulation 4: 850 steps x 10 epochs = 8,500;
    // the rung at half is step 4,250. The fake's loss is the same for both arms, so the tie goes
    // by name (RungScore.BETTER_FIRST) and lr2e-4 is the worse half of two.
    SweepResult.Arm weak = r.arms().get(1);
    ArmResult stopped = weak.result().orElseThrow();
    assertThat(stopped.ending()).isEqualTo(ArmResult.Ending.STOPPED);
    assertThat(stopped.reason()).startsWith("rung 1 at step 4250: ranked 2 of 2");
    assertThat(stopped.released()).isTrue();
    assertThat(stopped.checkpoints())
        .anyMatch(c -> c.getFileName().toString().compareTo("maya_lora_lr2e-4_000004250") > 0);
    assertThat(ui.calls()).anyMatch(c -> c.endsWith("/save_now"));
    ArmResult kept = r.arms().get(0).result().orElseThrow();
    assertThat(kept.ending()).isEqualTo(ArmResult.Ending.COMPLETED);
    assertThat(kept.checkpoints()).last().asString().endsWith("maya_lora_lr1e-4.safetensors");
    assertThat(kept.checkpoints().get(0)).startsWith(tmp.resolve("sweep/maya_lora_lr1e-4"));
    assertThat(podNames)
        .hasSize(2)
        .allMatch(n -> n.startsWith("lorakit-mysweep-a"))
        .anyMatch(n -> n.startsWith("lorakit-mysweep-a1-maya-lora-lr1e-4-"));
    assertThat(r.liveTrainers()).isEmpty();
    assertThat(r.spentUsd()).isLessThanOrEqualTo(1000);

    // A pod of the sweep that this process did not start is still found by its prefix.
    String orphan = runpod.seedPod("lorakit-mysweep-a7-left-behind", "NVIDIA L40S", "RUNNING");
    String other = runpod.seedPod("lorakit-mysweep2-a1-x", "NVIDIA L40S", "RUNNING");
    assertThat(backend.liveTrainers("mysweep")).containsExactly("lorakit-mysweep-a7-left-behind");
    client.terminatePod(orphan);
    client.terminatePod(other);
  }
}
