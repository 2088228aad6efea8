package dev.lorakit.safetensors.lora;

import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleProvider;
import java.util.List;

/**
 * lora-safetensors' rules for the catalogue: the checkpoint rules, reported by {@link
 * LoraInspector} while it reads a file once and carried by the {@link CheckpointReport}.
 */
public final class SafetensorsRuleProvider implements RuleProvider {

  static final Rule<CheckpointReport> CHECKPOINT_RULES =
      Rule.group(
          CheckpointRules.CHECKPOINT,
          CheckpointRules.descriptors(),
          (report, findings) -> findings.addAll(report.warnings()));

  @Override
  public List<Rule<?>> rules() {
    return List.of(CHECKPOINT_RULES);
  }
}
