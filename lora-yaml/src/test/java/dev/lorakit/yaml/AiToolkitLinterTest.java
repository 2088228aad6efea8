package dev.lorakit.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AiToolkitLinterTest {
  private static final AiToolkitLinter LINTER = AiToolkitLinter.standard();

  private static List<Integer> lines(ValidationReport report, String ruleId) {
    return report.withRule(ruleId).stream()
        .map(v -> v.location().map(SourceLocation::line).orElse(-1))
        .sorted()
        .collect(Collectors.toList());
  }

  private static ValidationReport guide() {
    return LINTER.lint(TestProjects.config("guide_train_qwen_character.yaml"));
  }

  @Test
  void lint_guideConfig_reportsInventedKeysAtTheirLines() {
    ValidationReport report = guide();
    List<Violation> invented = report.withRule("config.invented-key");
    assertThat(invented)
        .extracting(Violation::path, v -> v.location().orElseThrow())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "config.process[0].model.is_qwen", SourceLocation.of(58, 9)),
            org.assertj.core.groups.Tuple.tuple(
                "config.process[0].model.quantize_dtype", SourceLocation.of(60, 9)));
    assertThat(invented).allMatch(v -> v.severity() == Severity.ERROR);
    assertThat(
            invented.stream()
                .filter(v -> v.path().endsWith("is_qwen"))
                .findFirst()
                .orElseThrow()
                .hint())
        .contains("arch: qwen_image_edit_plus");
    assertThat(
            invented.stream()
                .filter(v -> v.path().endsWith("quantize_dtype"))
                .findFirst()
                .orElseThrow()
                .hint())
        .contains("qtype");
  }

  @Test
  void lint_guideConfig_reportsEachRealDefectAtItsLine() {
    ValidationReport report = guide();
    // One rule per defect: these were config.duplicate-resolution (28, 35: both datasets write the
    // one list the project has), config.legacy-accumulation-key, config.missing-control-path (23,
    // 30) and config.missing-sample-control-image (68-70); the project rules that survived report
    // each defect once at the config line, and the sample prompts are not reported beside the
    // missing control folders (one cause, one error).
    assertThat(lines(report, "resolution.duplicates")).containsExactly(28);
    assertThat(lines(report, "accumulation.legacy-mode")).containsExactly(40);
    assertThat(report.withRule("accumulation.legacy-mode").get(0).severity())
        .isEqualTo(Severity.WARNING);
    assertThat(lines(report, "config.missing-arch")).containsExactly(56);
    assertThat(lines(report, "control.missing-folders")).containsExactly(23);
    assertThat(report.withRule("sample.missing-control-image")).isEmpty();
    assertThat(lines(report, "config.kohya-repeats-ignored")).containsExactly(23, 30);
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void lint_guideConfig_doesNotReportTheTrainingFolderItHas() {
    // The guide's config does set training_folder (line 6), although ai-toolkit.md §5 says it lacks
    // it.
    assertThat(guide().withRule("config.missing-training-folder")).isEmpty();
  }

  @Test
  void lint_guideConfig_reportsNoMergedIdAndEveryFindingHasALine() {
    ValidationReport report = guide();
    assertThat(report.violations())
        .extracting(Violation::ruleId)
        .doesNotContain(
            "config.duplicate-resolution",
            "config.legacy-accumulation-key",
            "config.missing-control-path",
            "config.missing-sample-control-image");
    assertThat(report.violations())
        .allMatch(v -> v.location().isPresent(), "every finding has a line");
  }

  @Test
  void lint_withoutTrainingFolder_reportsItAtTheProcess() {
    String text =
        TestProjects.resource("guide_train_qwen_character.yaml")
            .replace("      training_folder: \"output\"\n", "");
    ValidationReport report = LINTER.lint(text);
    assertThat(report.withRule("config.missing-training-folder"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.ERROR);
              assertThat(v.location()).contains(SourceLocation.of(5, 7));
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "train_lora_flux_24gb.yaml",
        "train_lora_qwen_image_24gb.yaml",
        "train_lora_qwen_image_edit_2509_32gb.yaml"
      })
  void lint_shippedExample_hasNoError(String file) {
    ValidationReport report = LINTER.lint(TestProjects.config(file));
    assertThat(report.errors()).isEmpty();
    // the examples carry process.device, which no LoRA trainer reads (audit row 20: only
    // ExtensionJob l.11 reads config.device): an INFO, nothing worse
    assertThat(report.withRule("config.unknown-key"))
        .allSatisfy(
            v -> {
              assertThat(v.path()).isEqualTo("config.process[0].device");
              assertThat(v.severity()).isEqualTo(Severity.INFO);
            });
  }

  @Test
  void lint_editExample_reportsOnlyItsDocumentedAdapterDefect() {
    ValidationReport report =
        LINTER.lint(TestProjects.config("train_lora_qwen_image_edit_32gb.yaml"));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            v -> {
              // was config.malformed-adapter-path, merged into the project rule
              assertThat(v.ruleId()).isEqualTo("quantization.adapter-path-malformed");
              assertThat(v.location().orElseThrow().line()).isEqualTo(64);
              assertThat(v.hint())
                  .contains(
                      "ostris/accuracy_recovery_adapters/qwen_image_edit_torchao_uint3.safetensors");
            });
  }

  @Test
  void lint_misspeltKey_suggestsTheRealOne() {
    String text =
        "job: extension\nconfig:\n  name: x\n  process:\n    - type: sd_trainer\n"
            + "      training_folder: output\n      model:\n        name_or_path: Qwen/Qwen-Image\n"
            + "        arch: qwen_image\n      sample:\n        sample_evry: 100\n";
    ValidationReport report = LINTER.lint(text);
    assertThat(report.withRule("config.unknown-key"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.location()).contains(SourceLocation.of(11, 9));
              assertThat(v.hint()).contains("sample_every");
              assertThat(v.severity()).isEqualTo(Severity.WARNING);
            });
  }

  private static String qwen(
      String modelExtra, String trainExtra, String datasetExtra, String sampleExtra) {
    return "job: extension\nconfig:\n  name: x\n  process:\n    - type: diffusion_trainer\n"
        + "      training_folder: output\n"
        + "      datasets:\n        - folder_path: /d/a\n"
        + datasetExtra
        + "      train:\n        steps: 100\n        noise_scheduler: flowmatch\n"
        + trainExtra
        + "      model:\n        name_or_path: Qwen/Qwen-Image-Edit-2509\n"
        + modelExtra
        + "      sample:\n        samples:\n          - prompt: \"[trigger] a\"\n"
        + sampleExtra;
  }

  @Test
  void lint_enumValuesOutsideTheirSets_areErrorsWithSuggestions() {
    String text =
        qwen(
            "        arch: qwen_image_edit_plus\n        qtype: qfloat9\n",
            "        optimizer: adamw9bit\n        timestep_type: weighed\n        lr_scheduler: cosin\n        dtype: bf17\n",
            "          control_path: [/d/c]\n",
            "            ctrl_img_1: /d/c/x.png\n");
    ValidationReport report = LINTER.lint(text);
    assertThat(report.withRule("config.invalid-enum-value"))
        .extracting(Violation::path)
        .contains(
            "config.process[0].train.optimizer",
            "config.process[0].train.timestep_type",
            "config.process[0].train.dtype");
    // lr_scheduler cosin: config.lr-scheduler-unavailable (audit row 2) decides it now.
    // qtype is not quantized here (no model.quantize), so the trainer never reads it
    // (qwen_image.py:126); an unknown qtype is quantization.unknown-qtype, see
    // OneRulePerDefectTest.
    assertThat(
            report.withRule("config.invalid-enum-value").stream()
                .filter(v -> v.path().endsWith("optimizer"))
                .findFirst()
                .orElseThrow()
                .hint())
        .contains("adamw8bit");
    assertThat(report.withRule("config.lr-scheduler-unavailable"))
        .singleElement()
        .satisfies(v -> assertThat(v.hint()).contains("did you mean 'cosine'"));
  }

  @Test
  void lint_editModelSpecifics_areReported() {
    String text =
        qwen(
            "        arch: qwen_image_edit_plus\n",
            "        unload_text_encoder: true\n        gradient_accumulation: 2\n        gradient_accumulation_steps: 4\n",
            "",
            "");
    ValidationReport report = LINTER.lint(text);
    assertThat(lines(report, "config.unload-text-encoder-edit")).containsExactly(12);
    // merged ids: config.both-accumulation-keys and config.missing-control-path; the sample
    // without a control image has the same cause and is not reported beside it
    assertThat(report.withRule("accumulation.both-modes"))
        .singleElement()
        .satisfies(v -> assertThat(v.severity()).isEqualTo(Severity.ERROR));
    assertThat(lines(report, "control.missing-folders")).containsExactly(8);
    assertThat(report.withRule("sample.missing-control-image")).isEmpty();
  }

  @Test
  void lint_disabledSampling_needsNoSampleControlImages() {
    String text =
        qwen(
            "        arch: qwen_image_edit_plus\n",
            "        disable_sampling: true\n",
            "          control_path: /d/c\n",
            "");
    ValidationReport report = LINTER.lint(text);
    assertThat(report.withRule("config.missing-sample-control-image")).isEmpty();
    assertThat(report.withRule("sample.missing-control-image")).isEmpty();
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void lint_unknownArchAndProcessType_areErrors() {
    String text =
        qwen("        arch: qwen_imag_edit_plus\n", "", "", "")
            .replace("diffusion_trainer", "lora_trainer");
    ValidationReport report = LINTER.lint(text);
    assertThat(report.withRule("config.unknown-arch"))
        .singleElement()
        .satisfies(v -> assertThat(v.hint()).contains("qwen_image_edit_plus"));
    assertThat(lines(report, "config.unknown-process-type")).containsExactly(5);
  }

  @Test
  void lint_controlImageOnPlainQwenImage_isAnError() {
    String text =
        qwen("        arch: qwen_image\n", "", "", "            ctrl_img: /d/c.png\n")
            .replace("Qwen-Image-Edit-2509", "Qwen-Image");
    assertThat(lines(LINTER.lint(text), "config.control-image-unsupported")).containsExactly(17);
  }

  @Test
  void lint_environmentPlaceholder_isReportedAtItsColumn() {
    String text =
        qwen("        arch: qwen_image\n", "", "", "")
            .replace("/d/a", "${DATA}/a")
            .replace("Qwen-Image-Edit-2509", "Qwen-Image");
    assertThat(LINTER.lint(text).withRule("config.env-placeholder"))
        .singleElement()
        .satisfies(v -> assertThat(v.location()).contains(SourceLocation.of(8, 24)));
  }

  @Test
  void lint_malformedAdapterWithFourParts_isAnError() {
    String text =
        qwen("        arch: qwen_image\n        qtype: \"uint3|a/b/c/d.safetensors\"\n", "", "", "")
            .replace("Qwen-Image-Edit-2509", "Qwen-Image");
    // was config.malformed-adapter-path, merged into the project rule
    assertThat(lines(LINTER.lint(text), "quantization.adapter-path-malformed")).containsExactly(15);
  }

  @Test
  void lint_jsonConfig_reportsPositionsToo() {
    String json =
        "{\n  \"job\": \"extension\",\n  \"config\": {\n    \"name\": \"x\",\n    \"process\": [\n"
            + "      {\n        \"type\": \"sd_trainer\",\n        \"training_folder\": \"output\",\n"
            + "        \"model\": {\"name_or_path\": \"Qwen/Qwen-Image\", \"is_qwen\": true}\n      }\n    ]\n  }\n}\n";
    ValidationReport report = LINTER.lint(json);
    assertThat(report.withRule("config.invented-key"))
        .singleElement()
        .satisfies(v -> assertThat(v.location()).contains(SourceLocation.of(9, 54)));
    assertThat(lines(report, "config.missing-arch")).containsExactly(9);
  }

  @Test
  void lint_missingRequiredKeys_areErrors() {
    ValidationReport report = LINTER.lint("meta:\n  name: x\n");
    assertThat(report.withRule("config.missing-required"))
        .extracting(Violation::path)
        .contains("job", "config");
    assertThat(LINTER.lint("- a\n- b\n").withRule("config.wrong-type")).hasSize(1);
  }

  @Test
  void descriptors_areNamespacedConfigRules() {
    List<RuleDescriptor> all = AiToolkitLinter.descriptors();
    assertThat(all).extracting(RuleDescriptor::id).doesNotHaveDuplicates();
    assertThat(all)
        .allMatch(
            d ->
                d.subject()
                    .equals(
                        d.id().startsWith("project-file.")
                            ? ConfigSubjects.PROJECT_FILE
                            : ConfigSubjects.CONFIG));
    assertThat(all)
        .allMatch(d -> d.id().startsWith("config.") || d.id().startsWith("project-file."));
    assertThat(all)
        .extracting(RuleDescriptor::id)
        .contains("config.unknown-key", "config.invented-key", "config.missing-training-folder");
  }
}
