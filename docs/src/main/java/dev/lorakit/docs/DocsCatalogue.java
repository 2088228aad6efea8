package dev.lorakit.docs;

import dev.lorakit.core.dataset.DatasetRules;
import dev.lorakit.core.rules.RuleCatalogue;
import dev.lorakit.safetensors.lora.CheckpointRules;
import dev.lorakit.yaml.AiToolkitLinter;

/** The catalogue documented in {@code docs/rules.md}: every rule lorakit ships. */
public final class DocsCatalogue {
  private DocsCatalogue() {}

  public static RuleCatalogue catalogue() {
    return RuleCatalogue.qwenCharacter()
        .with(DatasetRules.descriptors())
        .with(AiToolkitLinter.descriptors())
        .with(CheckpointRules.descriptors());
  }
}
