package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.runpod.FakeAiToolkit;
import dev.lorakit.runpod.FakeRunpod;
import dev.lorakit.testkit.ExampleDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C at the terminal (issue 14, "nothing lost on any stop"): a real {@code lorakit runpod
 * launch} process, in its own JVM, against the in-process fake RunPod and fake ai-toolkit UI,
 * receives SIGINT in the middle of training, as a terminal sends it. The JVM runs its shutdown
 * hooks on SIGINT ({@code java.lang.Runtime#addShutdownHook}: "the user types ^C"), and the run's
 * hook must ask ai-toolkit to {@code save_now}, bring that checkpoint home, stop the job and
 * terminate the pod before the process ends.
 */
@EnabledOnOs(OS.LINUX)
class LaunchSignalTest {
  @TempDir Path tmp;
  private FakeRunpod runpod;
  private FakeAiToolkit ui;
  private Process child;

  @BeforeEach
  void start() {
    runpod = new FakeRunpod().readiness(1, 1);
    // a few steps per look, so the job is still training when the signal comes
    ui = new FakeAiToolkit(runpod).stepsPerPoll(10);
  }

  @AfterEach
  void stop() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
    ui.close();
    runpod.close();
  }

  @Test
  void launch_sigintWhileTraining_savesNowBringsItHomeAndTerminatesThePod() throws Exception {
    Path dataset = tmp.resolve("dataset");
    ExampleDataset.builder("maya_char")
        .characterImages(7)
        .bodyImages(3)
        .write(dataset, new SplittableRandom(1));
    Path runDir = tmp.resolve("runs/maya");
    Path out = tmp.resolve("stdout.jsonl");
    Path err = tmp.resolve("stderr.txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dlorakit.home=" + tmp.resolve("home"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Lorakit.class.getName());
    cmd.addAll(
        List.of(
            "runpod",
            "launch",
            dataset.toString(),
            "--api-url",
            runpod.baseUrl().toString(),
            "--proxy-url-template",
            ui.proxyTemplate(),
            "--output",
            runDir.toString(),
            "--poll-seconds",
            "1",
            "--format",
            "json"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("RUNPOD_API_KEY", FakeRunpod.API_KEY);
    child = pb.start();

    // wait until the trainer is past its first steps
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!training() && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(training()).as("job training; stderr: %s", read(err)).isTrue();
    int stepAtSignal = step();

    // SIGTERM, not SIGINT: a shell starts background jobs (a CI step, `mvn ... &`) with SIGINT
    // ignored, which the child JVM inherits; the JVM runs the same shutdown hooks on both signals
    // (Runtime.addShutdownHook: "^C" or "a system-wide event, such as user logoff")
    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start();
    assertThat(kill.waitFor()).isZero();
    assertThat(child.waitFor(120, TimeUnit.SECONDS))
        .as("child ended; stderr: %s", read(err))
        .isTrue();

    // 128 + SIGTERM (15): the JVM's exit status after a hook-run termination
    assertThat(child.exitValue()).isEqualTo(143);
    assertThat(runpod.livePodIds()).as("leaked pods").isEmpty();
    assertThat(ui.calls()).anyMatch(c -> c.endsWith("/save_now"));
    assertThat(ui.jobStates()).allMatch(s -> s.contains(":stopped:"), "every job stopped");
    // the save_now checkpoint (and every earlier one) is at home, byte for byte
    Map<String, byte[]> written = ui.checkpointsEverWritten();
    assertThat(written).isNotEmpty();
    for (Map.Entry<String, byte[]> e : written.entrySet()) {
      assertThat(Files.readAllBytes(runDir.resolve(e.getKey())))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
    String journal = Files.readString(runDir.resolve("journal.jsonl"));
    assertThat(journal).contains("\"save-now\"", "\"saved-now\"", "\"pod-terminated\"");
    assertThat(step()).isGreaterThanOrEqualTo(stepAtSignal);
  }

  private boolean training() {
    return ui.jobStates().stream().anyMatch(s -> s.contains(":running:") && stepOf(s) > 0);
  }

  private int step() {
    return ui.jobStates().stream().mapToInt(LaunchSignalTest::stepOf).max().orElse(0);
  }

  private static int stepOf(String state) {
    return Integer.parseInt(state.substring(state.lastIndexOf(':') + 1));
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }
}
