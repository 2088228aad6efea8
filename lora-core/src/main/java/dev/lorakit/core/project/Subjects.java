package dev.lorakit.core.project;

import dev.lorakit.core.validation.Subject;

/**
 * The subjects of lora-core's rules: the project model and the project's dataset as found on disk.
 * Other modules declare theirs (a config document in lora-yaml, a checkpoint report in
 * lora-safetensors, a run in lora-runpod).
 */
public final class Subjects {
  /** The project model alone, without its files. */
  public static final Subject<LoraProject> PROJECT =
      Subject.of("project", 10, "Project rules", LoraProject.class);

  /** The files of the project's dataset on disk, with the project that reads them. */
  public static final Subject<ProjectDataset> DATASET =
      Subject.of("dataset", 20, "Dataset file rules", ProjectDataset.class);

  private Subjects() {}
}
