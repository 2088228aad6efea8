package dev.lorakit.yaml;

import dev.lorakit.core.validation.Subject;

/** The subjects of lora-yaml's rules: an ai-toolkit config document and a lorakit.yaml file. */
public final class ConfigSubjects {
  /** An ai-toolkit job config, YAML or the UI's JSON, as read with its line positions. */
  public static final Subject<AiToolkitConfig> CONFIG =
      Subject.of("config", 30, "ai-toolkit config rules", AiToolkitConfig.class);

  /** The text of a {@code lorakit.yaml} project file. */
  public static final Subject<String> PROJECT_FILE =
      Subject.of("project-file", 25, "Project file rules", String.class);

  private ConfigSubjects() {}
}
