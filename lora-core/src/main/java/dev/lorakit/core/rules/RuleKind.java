package dev.lorakit.core.rules;

/** How a rule is decided. */
public enum RuleKind {
  /** Decided from the project model alone. */
  PROJECT,
  /** Decided from the files of the dataset on disk. */
  DATASET,
  /** Decided from an ai-toolkit config file. */
  CONFIG,
  /** Decided from a LoRA checkpoint file. */
  CHECKPOINT,
  /** No file can decide it; listed as a checklist item for a person. */
  MANUAL
}
