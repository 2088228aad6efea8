package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.training.AiToolkitClient;
import dev.lorakit.runpod.training.AiToolkitJob;
import dev.lorakit.runpod.training.CaptionJob;
import dev.lorakit.runpod.training.CaptionOutcome;
import dev.lorakit.runpod.training.CaptionRun;
import dev.lorakit.runpod.training.CaptionRunSpec;
import dev.lorakit.runpod.training.RunJournal;
import dev.lorakit.runpod.training.RunState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CaptionRun} against the fake RunPod and the fake ai-toolkit UI's caption jobs. */
class CaptionRunTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path tmp;
  private FakeRunpod fake;
  private FakeAiToolkit ui;
  private RunpodClient client;
  private final TrainingRunTest.FakeTime time = new TrainingRunTest.FakeTime();

  @BeforeEach
  void start() {
    fake = new FakeRunpod().readiness(1, 2);
    ui = new FakeAiToolkit(fake);
    client = fake.clientBuilder().sleeper(time).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.livePodIds()).as("leaked pods").isEmpty();
      assertThat(fake.requestViolations()).isEmpty();
      assertThat(fake.responseViolations()).isEmpty();
    } finally {
      client.close();
      ui.close();
      fake.close();
    }
  }

  private List<Path> images(String folder, String... names) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dataset").resolve(folder));
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      Path f = dir.resolve(n);
      Files.write(f, FakeAiToolkit.image(n.length(), false));
      out.add(f);
    }
    return out;
  }

  private dev.lorakit.runpod.training.ImmutableCaptionRunSpec.Builder spec() {
    return CaptionRunSpec.builder()
        .runName("captions-maya")
        .outputDir(tmp.resolve("journal"))
        .proxyUrlTemplate(ui.proxyTemplate());
  }

  private CaptionOutcome run(CaptionRunSpec spec) {
    return CaptionRun.builder(client, spec)
        .sleeper(time)
        .clock(time)
        .shutdownHook(false)
        .build()
        .execute();
  }

  @Test
  void execute_captionsEveryUploadedImage_bringsThemHome_andLeavesNoPod() throws IOException {
    List<Path> character = images("40_maya_char", "a.png", "b 1.png", "c.png", "d.png");
    List<Path> body = images("20_maya_char_realbody", "a.png");
    CaptionRunSpec spec =
        spec().putImage("40_maya_char", character).putImage("20_maya_char_realbody", body).build();

    CaptionOutcome o = run(spec);

    assertThat(o.state()).as(o.message()).isEqualTo(RunState.COMPLETED);
    assertThat(o.captions()).hasSize(5);
    // the upload stores "b 1.png" as "b_1.png" (upload/route.ts l.34): its caption names that stem
    assertThat(o.captions().get(character.get(1)))
        .isEqualTo(FakeAiToolkit.DESCRIBING.caption("/x/b_1.png").strip());
    assertThat(o.captions().get(body.get(0))).contains("photo a.");
    assertThat(o.uncaptioned()).isEmpty();
    assertThat(o.podTerminated()).isTrue();
    assertThat(o.costUsd()).isPositive();
    assertThat(o.billedUsd()).isPresent();
    // on the pod the captioner wrote <stem>.txt beside each image (BaseCaptioner l.151-158)
    assertThat(ui.captionsWritten())
        .containsKeys(
            FakeAiToolkit.DATASETS + "/40_maya_char/b_1.txt",
            FakeAiToolkit.DATASETS + "/20_maya_char_realbody/a.txt");
    RunJournal journal = RunJournal.open(tmp.resolve("journal"));
    assertThat(journal.livePods()).isEmpty();
    assertThat(journal.spentUsd()).isEqualTo(o.costUsd());
    JsonNode job = M.readTree(tmp.resolve("journal/job.json").toFile());
    assertThat(job.at("/config/process/0/type").asText()).isEqualTo("Qwen3VLCaptioner");
    assertThat(job.at("/config/process/0/caption/path_to_caption").asText())
        .isEqualTo(FakeAiToolkit.DATASETS);
    assertThat(ui.calls()).anyMatch(c -> c.endsWith("/api/caption/getBatch"));
  }

  @Test
  void execute_modelLoadFails_isAFailedOutcome_andTheCaptionPodIsTerminated() throws IOException {
    ui.captionLoadError("CUDA out of memory. Tried to allocate 1.50 GiB");
    CaptionRunSpec spec = spec().putImage("40_maya_char", images("40_maya_char", "a.png")).build();

    CaptionOutcome o = run(spec);

    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(o.message()).contains("captioner error: CUDA out of memory");
    assertThat(o.captions()).isEmpty();
    assertThat(o.podTerminated()).isTrue();
    assertThat(RunJournal.open(tmp.resolve("journal")).livePods()).isEmpty();
  }

  @Test
  void execute_aFileTheCaptionerFailsOn_isListedUncaptioned() throws IOException {
    ui.captionModel(p -> p.endsWith("/b.png") ? null : FakeAiToolkit.DESCRIBING.caption(p));
    List<Path> imgs = images("40_maya_char", "a.png", "b.png");
    CaptionOutcome o = run(spec().putImage("40_maya_char", imgs).build());

    assertThat(o.state()).isEqualTo(RunState.COMPLETED);
    assertThat(o.captions()).containsOnlyKeys(imgs.get(0));
    assertThat(o.uncaptioned()).containsExactly(imgs.get(1));
  }

  @Test
  void execute_costCap_stopsTheJobAndTerminates() throws IOException {
    ui.captionModel(p -> "x");
    List<Path> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.addAll(images("40_maya_char", "img" + i + ".png"));
    }
    // 3 files per poll, one poll every 5 virtual minutes: 14 polls, over an hour at the pod's price
    CaptionOutcome o =
        run(
            spec()
                .putImage("40_maya_char", many)
                .pollInterval(Duration.ofMinutes(5))
                .podReadyTimeout(Duration.ofHours(2))
                .maxCostUsd(0.3)
                .build());

    assertThat(o.state()).as(o.message()).isEqualTo(RunState.COST_CAP);
    assertThat(o.costUsd()).isGreaterThanOrEqualTo(0.3);
    assertThat(o.podTerminated()).isTrue();
  }

  @Test
  void fakeUi_refusesWhatTheToolkitRefuses() throws IOException {
    // a config without model_name_or_path dies in CaptionConfig (BaseCaptioner l.25-26) and the
    // worker marks the job error with the log's last line (ui/cron/actions/startJob.ts l.157-165)
    CaptionRunSpec spec = spec().putImage("x", images("x", "a.png")).build();
    ObjectNode config = CaptionJob.builder().build().jobConfig("bad", FakeAiToolkit.DATASETS);
    ((ObjectNode) config.at("/config/process/0/caption")).remove("model_name_or_path");
    var pod =
        client.createPod(
            dev.lorakit.runpod.pod.CreatePodRequest.builder()
                .name("lorakit-test")
                .image("ostris/aitoolkit:0.12.26")
                .gpu(dev.lorakit.runpod.pod.CreateGpuConfig.of("NVIDIA L40S"))
                .addPorts("8675/http")
                .putEnv("AI_TOOLKIT_AUTH", "t0ken")
                .build());
    try {
      dev.lorakit.runpod.PodLauncher.builder(client)
          .sleeper(time)
          .build()
          .awaitReady(pod.id(), Duration.ofMinutes(5));
      AiToolkitClient api =
          AiToolkitClient.of(URI.create(ui.proxyTemplate().replace("{podId}", pod.id())), "t0ken");
      api.uploadDataset("x", spec.images().get("x"), 1 << 20);
      AiToolkitJob job = api.createJob(config, "0", "caption", FakeAiToolkit.DATASETS);
      api.startJob(job, "0");
      AiToolkitJob after = api.job(job.id()).orElseThrow();
      assertThat(after.status()).isEqualTo("error");
      assertThat(after.info()).endsWith("ValueError: model_name_or_path is required in config");
      assertThat(after.job_type()).contains("caption");

      ObjectNode unknown = CaptionJob.builder().build().jobConfig("bad2", FakeAiToolkit.DATASETS);
      ((ObjectNode) unknown.at("/config/process/0")).put("type", "FlorenceCaptioner");
      AiToolkitJob j2 = api.createJob(unknown, "0", "caption", FakeAiToolkit.DATASETS);
      api.startJob(j2, "0");
      assertThat(api.job(j2.id()).orElseThrow().info())
          .endsWith("Unknown process type: FlorenceCaptioner");

      // a path outside the datasets root is left out of getBatch (getBatch/route.ts l.37)
      Map<String, String> c = api.captions(List.of("/etc/passwd"), "txt");
      assertThat(c).isEmpty();
    } finally {
      client.terminatePod(pod.id());
    }
  }
}
