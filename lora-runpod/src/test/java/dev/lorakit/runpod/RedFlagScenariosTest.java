package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.runpod.training.RunEvent;
import dev.lorakit.runpod.training.RunOutcome;
import dev.lorakit.runpod.training.RunState;
import dev.lorakit.runpod.training.TrainingRun;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample and VRAM red flags from the SDK, against the fakes, in virtual time. */
class RedFlagScenariosTest {
  @TempDir Path tmp;
  private FakeRunpod fake;
  private FakeAiToolkit ui;
  private RunpodClient client;
  private final TrainingRunTest.FakeTime time = new TrainingRunTest.FakeTime();
  private final List<RunEvent> events = new ArrayList<>();

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
    } finally {
      client.close();
      ui.close();
      fake.close();
    }
  }

  private RunOutcome run(TrainingRunSpec spec) {
    return TrainingRun.builder(client, spec)
        .sleeper(time)
        .clock(time)
        .shutdownHook(false)
        .listener(events::add)
        .build()
        .execute();
  }

  private dev.lorakit.runpod.training.ImmutableTrainingRunSpec.Builder spec() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data/40_mychar"));
    for (int i = 1; i <= 3; i++) {
      Files.write(dir.resolve("img_00" + i + ".png"), portrait(i));
      Files.writeString(dir.resolve("img_00" + i + ".txt"), "mychar, a woman " + i);
    }
    return TrainingRunSpec.builder()
        .job(
            dev.lorakit.runpod.training.JobConfig.of(
                TrainingRunTest.jobConfig("diffusion_trainer")))
        .putDataset("mychar", dir)
        .outputDir(tmp.resolve("runs/mychar_v1"))
        .proxyUrlTemplate(ui.proxyTemplate());
  }

  /** A muted picture unlike the fake trainer's samples: light on the left, dark on the right. */
  private static byte[] portrait(int i) throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int v = 220 - x * 2 - i;
        img.setRGB(x, y, (v << 16) | ((v - 15) << 8) | (v - 25));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private List<String> flags() {
    return events.stream()
        .filter(e -> e instanceof RunEvent.RedFlag)
        .map(e -> ((RunEvent.RedFlag) e).violation().ruleId())
        .distinct()
        .collect(Collectors.toList());
  }

  @Test
  void execute_samplesCopyATrainingImage_flagsMemorising() throws IOException {
    ui.samplesCopyDataset(true);

    RunOutcome outcome = run(spec().build());

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertThat(flags()).containsExactly("run.samples-memorised");
    assertThat(outcome.redFlags())
        .extracting(Violation::path)
        .allMatch(p -> p.startsWith("samples/"));
  }

  @Test
  void execute_saturatedSamplesWithStopOnWarning_stopsAfterSaving() throws IOException {
    ui.samplesOversaturated(true);

    RunOutcome outcome = run(spec().stopOn(Severity.WARNING).build());

    assertThat(outcome.state()).isEqualTo(RunState.RED_FLAG);
    assertThat(flags()).contains("run.samples-oversaturated");
    assertThat(events).anyMatch(e -> e instanceof RunEvent.SavedNow);
    assertThat(outcome.samples()).isNotEmpty().allMatch(Files::exists);
  }

  @Test
  void execute_gpuMemoryGrowing_flagsUnstableVram() throws IOException {
    ui.vramGrowthPerRead(2000);

    RunOutcome outcome = run(spec().build());

    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertThat(flags()).containsExactly("run.vram-unstable");
    assertThat(events).anyMatch(e -> e instanceof RunEvent.MonitorSample);
  }
}
