package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.rules.BatchRules;
import dev.lorakit.core.rules.ControlRules;
import dev.lorakit.core.rules.QuantizationRules;
import dev.lorakit.core.rules.ResolutionRules;
import dev.lorakit.core.rules.SamplingRules;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each defect that both a config rule and a project rule used to catch is now caught by one rule,
 * reported once, at the config line and column of the value that has the defect. The expected
 * position is computed from the config text itself (where the value is written), not from the
 * linter.
 */
class OneRulePerDefectTest {
  private static final AiToolkitLinter LINTER = AiToolkitLinter.standard();

  /** An Edit-2509 config with control images everywhere; each test adds one defect. */
  private static String edit(
      String datasetExtra, String trainExtra, String modelExtra, String sample) {
    return "job: extension\n"
        + "config:\n"
        + "  name: x\n"
        + "  process:\n"
        + "    - type: diffusion_trainer\n"
        + "      training_folder: output\n"
        + "      trigger_word: maya_char\n"
        + "      datasets:\n"
        + "        - folder_path: /d/a\n"
        + datasetExtra
        + "      train:\n"
        + "        steps: 100\n"
        + "        noise_scheduler: flowmatch\n"
        + trainExtra
        + "      model:\n"
        + "        name_or_path: Qwen/Qwen-Image-Edit-2509\n"
        + "        arch: qwen_image_edit_plus\n"
        + modelExtra
        + "      sample:\n"
        + sample;
  }

  private static final String CONTROLS = "          control_path: /d/c\n";
  private static final String SAMPLES =
      "        samples:\n          - prompt: \"maya_char, portrait\"\n            ctrl_img_1: /d/c/x.png\n";

  /** Line and column (1-based) of the first occurrence of {@code token} in {@code text}. */
  private static SourceLocation position(String text, String token) {
    int at = text.indexOf(token);
    assertThat(at).as("token %s in the config", token).isNotNegative();
    String before = text.substring(0, at);
    int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
    int column = at - (before.lastIndexOf('\n') + 1) + 1;
    return SourceLocation.of(line, column);
  }

  /** The violations of the surviving rule or of any id merged into it. */
  private static List<Violation> sameDefect(String text, RuleDescriptor survivor) {
    Set<String> ids = new java.util.HashSet<>(survivor.aliases());
    ids.add(survivor.id());
    return LINTER.lint(text).violations().stream()
        .filter(v -> ids.contains(v.ruleId()))
        .collect(Collectors.toList());
  }

  private static void reportedOnceAt(String text, RuleDescriptor survivor, String token) {
    assertThat(sameDefect(text, survivor))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.ruleId()).isEqualTo(survivor.id());
              assertThat(v.location()).contains(position(text, token));
            });
  }

  @Test
  void duplicateResolution_isResolutionDuplicatesOnce() {
    // ai-toolkit.md §0.5: each list entry is a full copy of the dataset.
    String text = edit(CONTROLS + "          resolution: [1024, 1024]\n", "", "", SAMPLES);
    reportedOnceAt(text, ResolutionRules.DUPLICATES, "[1024, 1024]");
  }

  @Test
  void legacyAccumulation_isAccumulationLegacyModeOnce() {
    // toolkit/config_modules.py:456 reads the legacy key; BaseSDTrainProcess.py:2611 steps on it.
    String text = edit(CONTROLS, "        gradient_accumulation_steps: 4\n", "", SAMPLES);
    reportedOnceAt(text, BatchRules.LEGACY_ACCUMULATION, "4\n");
  }

  @Test
  void bothAccumulationKeys_isAccumulationBothModesOnce() {
    // toolkit/config_modules.py:461-463: gradient_accumulation > 1 with
    // gradient_accumulation_steps != 1 raises "mutually exclusive".
    String text =
        edit(
            CONTROLS,
            "        gradient_accumulation: 2\n        gradient_accumulation_steps: 4\n",
            "",
            SAMPLES);
    reportedOnceAt(text, BatchRules.BOTH_ACCUMULATION, "4\n");
    // and the legacy-only rule does not fire beside it
    assertThat(sameDefect(text, BatchRules.LEGACY_ACCUMULATION)).isEmpty();
  }

  @Test
  void malformedAdapter_isAdapterPathMalformedOnce() {
    // ai-toolkit.md §2.1: four parts after '|' raise.
    String text =
        edit(
            CONTROLS,
            "",
            "        quantize: true\n        qtype: \"uint3|a/b/c/d.safetensors\"\n",
            SAMPLES);
    reportedOnceAt(text, QuantizationRules.ADAPTER_PATH_MALFORMED, "\"uint3|");
  }

  @Test
  void unknownQtype_isQuantizationUnknownQtypeOnce() {
    // toolkit/util/quantize.py:65 get_qtype raises for an unknown name; qwen_image.py:126 calls it
    // only when model.quantize is true.
    String text = edit(CONTROLS, "", "        quantize: true\n        qtype: qfloat9\n", SAMPLES);
    List<Violation> aboutQtype = new ArrayList<>(sameDefect(text, QuantizationRules.UNKNOWN_QTYPE));
    Predicate<Violation> enumOnQtype =
        v -> v.ruleId().equals("config.invalid-enum-value") && v.path().endsWith("qtype");
    LINTER.lint(text).violations().stream().filter(enumOnQtype).forEach(aboutQtype::add);
    assertThat(aboutQtype)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.ruleId()).isEqualTo(QuantizationRules.UNKNOWN_QTYPE.id());
              assertThat(v.location()).contains(position(text, "qfloat9"));
            });
  }

  @Test
  void unknownQtypeWithoutQuantize_isNotReported() {
    // qwen_image.py:126: qtype is read only under model.quantize, so the trainer never sees it.
    String text = edit(CONTROLS, "", "        qtype: qfloat9\n", SAMPLES);
    assertThat(sameDefect(text, QuantizationRules.UNKNOWN_QTYPE)).isEmpty();
    assertThat(LINTER.lint(text).withRule("config.invalid-enum-value")).isEmpty();
  }

  @Test
  void missingControlPath_isControlMissingFoldersOnce() {
    // qwen_image_edit_plus.py:179 raises "Missing control images" without control images.
    String text =
        edit("", "", "", "        samples:\n          - prompt: \"maya_char, portrait\"\n");
    reportedOnceAt(text, ControlRules.MISSING_FOLDERS, "- folder_path");
    // one cause, one error: the sample without a control image is not reported beside it
    assertThat(sameDefect(text, SamplingRules.MISSING_CONTROL_IMAGE)).isEmpty();
  }

  @Test
  void sampleWithoutControlImage_isSampleMissingControlImageOnce() {
    // qwen_image_edit_plus.py:179 raises at the baseline sample when a sample has no ctrl_img.
    String text =
        edit(CONTROLS, "", "", "        samples:\n          - prompt: \"maya_char, portrait\"\n");
    reportedOnceAt(text, SamplingRules.MISSING_CONTROL_IMAGE, "prompt:");
  }

  @Test
  void legacyPromptsWithoutControlImage_isReportedAtThePrompt() {
    String text = edit(CONTROLS, "", "", "        prompts:\n          - \"maya_char, portrait\"\n");
    reportedOnceAt(text, SamplingRules.MISSING_CONTROL_IMAGE, "\"maya_char, portrait\"");
  }

  @Test
  void everyMergedId_isFoundUnderItsSurvivor() {
    RuleCatalogue catalogue = RuleCatalogue.standard();
    assertThat(catalogue.find("config.duplicate-resolution")).contains(ResolutionRules.DUPLICATES);
    assertThat(catalogue.find("config.legacy-accumulation-key"))
        .contains(BatchRules.LEGACY_ACCUMULATION);
    assertThat(catalogue.find("config.both-accumulation-keys"))
        .contains(BatchRules.BOTH_ACCUMULATION);
    assertThat(catalogue.find("config.malformed-adapter-path"))
        .contains(QuantizationRules.ADAPTER_PATH_MALFORMED);
    assertThat(catalogue.find("config.missing-control-path"))
        .contains(ControlRules.MISSING_FOLDERS);
    assertThat(catalogue.find("config.missing-sample-control-image"))
        .contains(SamplingRules.MISSING_CONTROL_IMAGE);
  }
}
