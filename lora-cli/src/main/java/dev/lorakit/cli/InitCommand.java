package dev.lorakit.cli;

import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.yaml.ProjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit init DATASET [-o lorakit.yaml]}: write the project file with every value lorakit
 * inferred from the folder, commented, so the user edits one file instead of passing flags.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write lorakit.yaml for a dataset folder: every inferred value (trigger, roles, repeats,"
            + " base model, the guide's parameters), commented.")
final class InitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      defaultValue = "lorakit.yaml",
      description = "Where to write the project file (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(names = "--force", description = "Overwrite an existing project file.")
  boolean force;

  @Override
  public Integer call() {
    if (Files.isRegularFile(projectOptions.input)) {
      throw new UserException(
          "'" + projectOptions.input + "' is already a project file",
          "give the dataset folder to init, or edit the file");
    }
    if (Files.exists(file) && !force) {
      throw new UserException(
          "'" + file + "' exists", "choose another file with -o, or pass --force to replace it");
    }
    Workspace ws = projectOptions.open();
    Path directory = file.toAbsolutePath().normalize().getParent();
    String yaml = ProjectWriter.toExplainedYaml(ws.preflight(), directory);
    try {
      AtomicFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException(
          "cannot write '" + file + "': " + e.getMessage(), "check the folder and permissions");
    }
    ValidationReport report = ws.check();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("file", file.toString().replace('\\', '/'));
      json.put("trigger", ws.project.trigger().value());
      json.put("baseModel", ws.project.baseModel().id());
      json.put("dataset", CheckCommand.datasetJson(ws.project.dataset(), null));
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.printf(
          "wrote %s (trigger %s, %s)%n", file, ws.project.trigger(), ws.project.baseModel().id());
      out.println("next: edit it, then run 'lorakit check " + file + "'");
      if (report.hasErrors()) {
        out.println();
        ReportView.text(report, out);
      }
    }
    return ReportView.exitCode(report);
  }
}
