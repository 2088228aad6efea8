package dev.lorakit.cli;

import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.yaml.AiToolkitWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lorakit config}: write the ai-toolkit config of a project, or refuse with the reasons. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Write the ai-toolkit config (YAML, or the web UI's JSON job) of a project.")
final class ConfigCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path file;

  @Option(
      names = "--trainer-version",
      paramLabel = "VERSION",
      description =
          "ai-toolkit build to write for: 0.12.26 (the pinned pod image, default) or a commit"
              + " date such as 2026-05-01.")
  String trainerVersion;

  @Option(
      names = "--ui-json",
      description = "Write the web UI's {job, config, meta} JSON instead of YAML.")
  boolean uiJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Workspace ws = projectOptions.open();
    LoraProject project = ws.project;
    if (trainerVersion != null) {
      project =
          ImmutableLoraProject.copyOf(project)
              .withTrainerVersion(TrainerVersions.parse(trainerVersion));
    }
    String text;
    try {
      // the same per-bucket budget as plan: real image sizes when the dataset was scanned
      AiToolkitWriter writer = AiToolkitWriter.create().withImageSizes(ws.imageSizes());
      text = uiJson ? writer.toUiJson(project) : writer.toYaml(project);
    } catch (LoraValidationException e) {
      ValidationReport report = e.report();
      PrintWriter err = spec.commandLine().getErr();
      if (output.json()) {
        out.println(Json.write(ReportView.json(report)));
      } else {
        err.println("lorakit: refusing to write a config the trainer would fail on:");
        ReportView.text(report, err);
      }
      return Lorakit.FOUND_ERRORS;
    }
    if (file == null) {
      out.print(text);
      out.flush();
    } else {
      write(file, text);
      spec.commandLine().getErr().println("lorakit: wrote " + file);
    }
    return Lorakit.OK;
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException(
          "cannot write '" + file + "': " + e.getMessage(), "check the path and permissions");
    }
  }
}
