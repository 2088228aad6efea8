package dev.lorakit.core.project;

/**
 * Turns a project into the ai-toolkit UI's job JSON ({@code {job, config, meta}}). lora-yaml's
 * {@code AiToolkitWriter} is the implementation; lora-runpod takes this interface so that it needs
 * no YAML code to build a run from a project.
 *
 * <pre>{@code
 * TrainingRunSpec spec = TrainingRunSpec.forProject(project, datasetRoot, AiToolkitWriter.create());
 * }</pre>
 */
@FunctionalInterface
public interface JobConfigWriter {

  /**
   * The UI job JSON of {@code project} with {@code trainingFolder} as its training folder.
   *
   * @throws dev.lorakit.core.validation.LoraValidationException when the trainer would fail on it
   */
  String toUiJson(LoraProject project, String trainingFolder);
}
