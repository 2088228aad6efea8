package dev.lorakit.core.rules;

import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.RuleProvider;
import java.util.ArrayList;
import java.util.List;

/** lora-core's rules for the catalogue: the project rules, the dataset rules and the checklist. */
public final class CoreRuleProvider implements RuleProvider {

  @Override
  public List<Rule<?>> rules() {
    List<Rule<?>> all = new ArrayList<>(QwenCharacterRules.rules());
    all.add(DatasetRules.RULE);
    return List.copyOf(all);
  }

  @Override
  public List<RuleDescriptor> manual() {
    return QwenCharacterRules.manual();
  }
}
