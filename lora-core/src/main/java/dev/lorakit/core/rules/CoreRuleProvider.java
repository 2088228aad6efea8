package dev.lorakit.core.rules;

import dev.lorakit.core.plan.BudgetRules;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.RuleProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * lora-core's rules for the catalogue: the project rules, the dataset rules, the face audit rules
 * and the checklist.
 */
public final class CoreRuleProvider implements RuleProvider {

  @Override
  public List<Rule<?>> rules() {
    List<Rule<?>> all = new ArrayList<>(projectRules());
    all.add(DatasetRules.RULE);
    all.add(dev.lorakit.core.face.FaceRules.RULE);
    return List.copyOf(all);
  }

  @Override
  public List<RuleDescriptor> manual() {
    return ChecklistItems.all();
  }

  /** Every rule over {@link Subjects#PROJECT}, topic by topic. */
  static List<Rule<LoraProject>> projectRules() {
    List<Rule<LoraProject>> rules = new ArrayList<>();
    rules.add(Rule.of(Subjects.PROJECT, ModelConstraints.INVALID_VALUE, ModelConstraints::check));
    rules.addAll(NetworkRules.rules());
    rules.addAll(OptimizerRules.rules());
    rules.addAll(LengthRules.rules());
    rules.addAll(BatchRules.rules());
    rules.addAll(QuantizationRules.rules());
    rules.addAll(TrainerRules.rules());
    rules.addAll(ResolutionRules.rules());
    rules.addAll(TriggerRules.rules());
    rules.addAll(ControlRules.rules());
    rules.addAll(BudgetRules.rules());
    rules.addAll(CompositionRules.rules());
    rules.addAll(SamplingRules.rules());
    return List.copyOf(rules);
  }
}
