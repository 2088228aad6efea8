package dev.lorakit.comfyui;

import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleProvider;
import java.util.List;

/** lora-comfyui's rules for the catalogue: the {@code workflow.*} lint of a ComfyUI workflow. */
public final class ComfyRuleProvider implements RuleProvider {

  static final Rule<ParsedWorkflow> WORKFLOW_RULES =
      Rule.group(WorkflowRules.WORKFLOW, WorkflowRules.ALL, WorkflowRules::check);

  @Override
  public List<Rule<?>> rules() {
    return List.of(WORKFLOW_RULES);
  }
}
