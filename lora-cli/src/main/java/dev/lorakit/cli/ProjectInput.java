package dev.lorakit.cli;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.LoraValidationException;
import dev.lorakit.yaml.ProjectLoader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project a command works on: a {@code lorakit.yaml} file or a dataset folder. */
final class ProjectInput {
  private ProjectInput() {}

  /**
   * Loads {@code lorakit.yaml} when {@code input} is a file, else builds the project a dataset
   * folder implies (then {@code trigger} and {@code baseModel} apply).
   */
  static LoraProject load(Path input, String trigger, String baseModel) {
    if (Files.isRegularFile(input)) {
      try {
        return ProjectLoader.load(input);
      } catch (LoraValidationException e) {
        throw new InvalidInputException(input + " is not a valid lorakit project file", e.report());
      } catch (UncheckedIOException e) {
        throw new UserException(
            "cannot read '" + input + "': " + e.getCause().getMessage(),
            "check the path and permissions");
      }
    }
    return CheckCommand.projectFromFolder(input, trigger, baseModel);
  }
}
