package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.merging;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;
import java.util.Locale;

/**
 * The trainer's sample-prompt rules: the trigger, control images on edit models, and what the
 * trainer parses out of a prompt.
 *
 * <pre>{@code
 * String id = SamplingRules.PROMPT_HAS_FLAG.id(); // "sample.prompt-has-flag"
 * }</pre>
 */
public final class SamplingRules {
  /** The placeholder ai-toolkit replaces with the trigger in a sample prompt. */
  public static final String TRIGGER_PLACEHOLDER = "[trigger]";

  /** A sample prompt without the trigger. */
  public static final RuleDescriptor PROMPT_MISSING_TRIGGER =
      project(
          "sample.prompt-missing-trigger",
          WARNING,
          "a sample prompt without the trigger",
          "ai-toolkit does not add the trigger to sample prompts; samples then show the base"
              + " model, not the character",
          "start the prompt with " + TRIGGER_PLACEHOLDER,
          AITK + "§2.6");

  /** A sample prompt without a control image on an edit model. */
  public static final RuleDescriptor MISSING_CONTROL_IMAGE =
      merging(
          project(
              "sample.missing-control-image",
              ERROR,
              "a sample prompt without a control image on an edit model",
              "Edit-2509 raises 'Missing control images' at the baseline sample, before step 1",
              "give every sample prompt a control image (ctrl_img_1), or set train.disable_sampling: true",
              AITK + "§2.6, §4.1"),
          "config.missing-sample-control-image");

  /** A sample prompt containing ' --' or '${'. */
  public static final RuleDescriptor PROMPT_HAS_FLAG =
      project(
          "sample.prompt-has-flag",
          ERROR,
          "a sample prompt containing ' --' or '${'",
          "the trainer splits prompts on '--' into flags and substitutes ${VAR} from the"
              + " environment, raising when it is unset",
          "remove '--' and '${' from prompts",
          AITK + "§1, §2.6");

  private SamplingRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            PROMPT_MISSING_TRIGGER,
            (p, f) -> {
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i).prompt();
                if (!prompt.contains(TRIGGER_PLACEHOLDER)
                    && (p.trigger().isBlank()
                        || !prompt
                            .toLowerCase(Locale.ROOT)
                            .contains(p.trigger().value().toLowerCase(Locale.ROOT)))) {
                  f.report(
                      "sample.samples[" + i + "].prompt",
                      fmt("sample prompt '%s' has no trigger", prompt),
                      "start it with " + TRIGGER_PLACEHOLDER,
                      prompt,
                      TRIGGER_PLACEHOLDER);
                }
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            MISSING_CONTROL_IMAGE,
            (p, f) -> {
              if (!p.requiresControlImages()) {
                return;
              }
              // Sample controls come from the control folders: without them the one cause is
              // control.missing-folders, which names the ways out.
              if (p.dataset().trainingFolders().stream()
                  .anyMatch(folder -> folder.controlFolders().isEmpty())) {
                return;
              }
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                if (prompts.get(i).controlImages().isEmpty()) {
                  f.report(
                      "sample.samples[" + i + "].ctrl_img_1",
                      fmt(
                          "sample prompt %d has no control image; %s needs one",
                          i + 1, p.baseModel().id()),
                      "add a control image to the sample prompt",
                      0,
                      1);
                }
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            PROMPT_HAS_FLAG,
            (p, f) -> {
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i).prompt();
                if (prompt.contains("--") || prompt.contains("${")) {
                  f.report(
                      "sample.samples[" + i + "].prompt",
                      fmt(
                          "sample prompt '%s' contains '--' or '${', which the trainer parses",
                          prompt),
                      "remove '--' and '${' from the prompt",
                      prompt,
                      null);
                }
              }
            }));
  }
}
