package dev.lorakit.cli;

import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.training.RunOutcome;
import dev.lorakit.runpod.training.RunState;
import dev.lorakit.runpod.training.TrainingRun;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit runpod watch RUN_DIR}: reattaches to a run started by {@code runpod launch} (its
 * {@code run.json} and {@code job.json}) and shows the same live view until it ends; the pod is
 * terminated at the end as by launch.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Reattach to a running training: live view until it ends, then terminate the pod.")
final class RunpodWatchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin RunpodCommand.Api api;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (runs/<name>).")
  Path runDir;

  @Option(
      names = "--proxy-url-template",
      description =
          "UI address; {podId} is replaced (default: https://{podId}-8675.proxy.runpod.net).")
  String proxyUrlTemplate;

  @Option(
      names = "--stop-on",
      paramLabel = "SEVERITY",
      description = "Stop the run (after saving) at a red flag this bad: ERROR or WARNING.")
  dev.lorakit.core.validation.Severity stopOn;

  @Option(names = "--max-cost", paramLabel = "USD", description = "Stop at this cost.")
  Double maxCost;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(runDir.resolve("run.json"))) {
      throw new UserException(
          "no run.json in " + runDir, "give the folder runpod launch wrote (runs/<name>)");
    }
    dev.lorakit.runpod.training.ImmutableTrainingRunSpec.Builder b =
        TrainingRunSpec.builder()
            .job(
                dev.lorakit.runpod.training.JobConfig.of(
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
    if (proxyUrlTemplate != null) {
      b.proxyUrlTemplate(proxyUrlTemplate);
    }
    if (stopOn != null) {
      b.stopOn(stopOn);
    }
    if (maxCost != null) {
      b.maxCostUsd(maxCost);
    }
    TrainingRunSpec base = b.build();
    RunView view = new RunView(spec.commandLine().getOut(), output.json(), runDir);
    try (RunpodClient client = api.client(true)) {
      RunOutcome outcome =
          RunpodCommand.call(
              () -> {
                try {
                  return TrainingRun.watch(
                          client,
                          runDir,
                          base,
                          t ->
                              t.sleeper(RunpodCommand.sleeper)
                                  .clock(RunpodCommand.clock)
                                  .listener(view))
                      .reattach();
                } catch (IOException e) {
                  throw new UserException(
                      "cannot read " + runDir + ": " + e.getMessage(), "check the run folder");
                }
              });
      return outcome.state() == RunState.COMPLETED ? Lorakit.OK : Lorakit.FOUND_ERRORS;
    }
  }
}
