package dev.lorakit.cli;

import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.safetensors.lora.CheckpointSeries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lorakit report}: one self-contained HTML page about a dataset, its plan and its run. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write a self-contained HTML report: contact sheets with badges, charts, plan, checkpoints.")
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "Where to write (default: report.html).")
  Path file;

  @Option(
      names = "--run",
      paramLabel = "DIR",
      description =
          "A run folder of checkpoints, for the statistics chart (and the ranking 'lorakit rank'"
              + " saved there).")
  Path run;

  @Option(
      names = "--grid",
      paramLabel = "DIR",
      description = "The -o folder of lorakit grid --comfy-url, for its contact sheets.")
  Path grid;

  @Override
  public Integer call() {
    Workspace ws = projectOptions.open();
    ValidationReport report = ws.check();
    Optional<TrainingPlan> plan;
    try {
      plan =
          Optional.of(TrainingPlanner.defaults().withImageSizes(ws.imageSizes()).plan(ws.project));
    } catch (LoraValidationException e) {
      plan = Optional.empty();
    }
    Optional<CheckpointSeries> series = Optional.empty();
    if (run != null) {
      if (!Files.isDirectory(run)) {
        throw new UserException(
            "'" + run + "' is not a readable folder", "give the run's output folder to --run");
      }
      series = Optional.of(CheckpointSeries.scan(run));
    }
    if (grid != null && !Files.isRegularFile(grid.resolve(GridCommand.MANIFEST))) {
      throw new UserException(
          "'" + grid + "' has no " + GridCommand.MANIFEST, "give the -o folder of lorakit grid");
    }
    Optional<com.fasterxml.jackson.databind.JsonNode> ranking = Optional.empty();
    if (run != null && Files.isRegularFile(run.resolve(RankCommand.RANK_FILE))) {
      try {
        ranking =
            Optional.of(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run.resolve(RankCommand.RANK_FILE).toFile()));
      } catch (IOException e) {
        throw new UserException(
            run.resolve(RankCommand.RANK_FILE) + " is not valid JSON: " + e.getMessage(),
            "rerun 'lorakit rank' on the run folder");
      }
    }
    String html = HtmlReport.render(ws, report, plan, series, Optional.ofNullable(grid), ranking);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException(
          "cannot write '" + file + "': " + e.getMessage(), "check the path and permissions");
    }
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("report", file.toString());
      json.put("bytes", html.length());
      json.putAll(ReportView.json(report));
      spec.commandLine().getOut().println(Json.write(json));
    } else {
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s (%,d bytes): %d errors, %d warnings%n",
              file, html.length(), report.errors().size(), report.warnings().size());
    }
    return ReportView.exitCode(report);
  }
}
