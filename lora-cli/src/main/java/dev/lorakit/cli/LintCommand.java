package dev.lorakit.cli;

import dev.lorakit.comfyui.WorkflowJson;
import dev.lorakit.comfyui.WorkflowRules;
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

/**
 * {@code lorakit lint}: check an existing ai-toolkit config, or a ComfyUI API workflow (a JSON map
 * of node ids to {@code {class_type, inputs}}, detected by content); violations carry line and
 * column.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description =
        "Check an ai-toolkit YAML or JSON config against the trainer's real keys and the guide, or"
            + " a ComfyUI API workflow against ComfyUI's validator and the guide's mistakes.")
final class LintCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "CONFIG",
      description = "ai-toolkit config (.yaml, .yml, .json) or ComfyUI API workflow (.json).")
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
    boolean workflow = false;
    AiToolkitLinter linter = AiToolkitLinter.standard();
    if (trainerVersion != null) {
      linter = linter.withTrainerVersion(TrainerVersions.parse(trainerVersion));
    }
    try {
      String text =
          config.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
              ? Files.readString(config)
              : null;
      workflow =
          text != null && (WorkflowJson.isApiWorkflow(text) || WorkflowJson.isUiWorkflow(text));
      report = workflow ? WorkflowRules.lint(WorkflowJson.read(text)) : linter.lint(config);
    } catch (java.nio.charset.MalformedInputException e) {
      report = linter.lint(config);
    } catch (java.io.IOException e) {
      throw new UserException(
          "cannot read '" + config + "': " + e.getMessage(), "check the path and permissions");
    } catch (UncheckedIOException e) {
      throw new UserException(
          "cannot read '" + config + "': " + e.getCause().getMessage(),
          "check the path and permissions");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put(workflow ? "workflow" : "config", config.getFileName().toString());
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.println((workflow ? "ComfyUI workflow " : "Config ") + config);
      out.println();
      ReportView.text(report, out);
    }
    return ReportView.exitCode(report);
  }
}
