package dev.lorakit.cli;

import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.yaml.AiToolkitLinter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit lint}: check an existing ai-toolkit config; violations carry line and column. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description =
        "Check an ai-toolkit YAML or JSON config against the trainer's real keys and the guide.")
final class LintCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "CONFIG",
      description = "ai-toolkit config (.yaml, .yml, .json).")
  Path config;

  @Option(
      names = "--trainer-version",
      paramLabel = "VERSION",
      description =
          "ai-toolkit build the config will run on: 0.12.26 (the pinned pod image, default) or a"
              + " commit date such as 2026-05-01.")
  String trainerVersion;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(config)) {
      throw new UserException(
          "'" + config + "' is not a readable file", "give the path of an ai-toolkit config");
    }
    ValidationReport report;
    try {
      AiToolkitLinter linter = AiToolkitLinter.standard();
      if (trainerVersion != null) {
        linter = linter.withTrainerVersion(TrainerVersions.parse(trainerVersion));
      }
      report = linter.lint(config);
    } catch (UncheckedIOException e) {
      throw new UserException(
          "cannot read '" + config + "': " + e.getCause().getMessage(),
          "check the path and permissions");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("config", config.getFileName().toString());
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.println("Config " + config);
      out.println();
      ReportView.text(report, out);
    }
    return ReportView.exitCode(report);
  }
}
