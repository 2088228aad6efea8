package dev.lorakit.yaml;

import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.RuleProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * lora-yaml's rules for the catalogue: the {@code config.*} rules over an ai-toolkit config (one
 * walk of the document reports each defect at its line) and the {@code project-file.*} rules over a
 * {@code lorakit.yaml} text. The writer's refusals ({@code config.step-budget-unknown}, {@code
 * config.unsafe-text}) are declared here and reported by {@link AiToolkitWriter}.
 */
public final class YamlRuleProvider implements RuleProvider {

  static final Rule<AiToolkitConfig> CONFIG_RULES =
      Rule.group(
          ConfigSubjects.CONFIG,
          configDescriptors(),
          (config, findings) -> {
            findings.addAll(config.readProblems());
            findings.addAll(ConfigChecks.check(config.root(), config.text()));
          });

  static final Rule<String> PROJECT_FILE_RULES =
      Rule.group(
          ConfigSubjects.PROJECT_FILE,
          ConfigRules.PROJECT_FILE,
          (text, findings) -> {
            try {
              ProjectLoader.read(text);
            } catch (LoraValidationException e) {
              findings.addAll(e.report().violations());
            }
          });

  private static List<RuleDescriptor> configDescriptors() {
    List<RuleDescriptor> all = new ArrayList<>(ConfigRules.CONFIG);
    all.addAll(AiToolkitWriter.WRITER_RULES);
    return List.copyOf(all);
  }

  @Override
  public List<Rule<?>> rules() {
    return List.of(CONFIG_RULES, PROJECT_FILE_RULES);
  }
}
