package dev.lorakit.runpod;

import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleProvider;
import dev.lorakit.runpod.training.RunRules;
import java.util.List;

/** lora-runpod's rules for the catalogue: the red flags of a running training. */
public final class RunpodRuleProvider implements RuleProvider {
  @Override
  public List<Rule<?>> rules() {
    return RunRules.rules();
  }
}
