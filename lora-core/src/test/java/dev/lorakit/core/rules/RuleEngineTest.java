package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private final RuleEngine engine = RuleEngine.qwenCharacter();

  private static LoraProject clean() {
    return LoraProject.builder()
        .from(ExampleProjects.guideAsWritten())
        .baseModel(BaseModel.QWEN_IMAGE)
        .training(TrainingParameters.builder().build())
        .build();
  }

  private static LoraProject withTraining(TrainingParameters t) {
    return LoraProject.builder().from(clean()).training(t).build();
  }

  @Test
  void check_ruleThatThrows_becomesRuleFailedError() {
    RuleDescriptor d =
        RuleDescriptor.builder()
            .id("custom.explodes")
            .severity(Severity.WARNING)
            .subject(Subjects.PROJECT)
            .what("w")
            .why("y")
            .fix("f")
            .source("test")
            .build();
    RuleEngine custom =
        engine.withRule(
            Rule.of(
                Subjects.PROJECT,
                d,
                (p, f) -> {
                  throw new IllegalStateException("boom");
                }));

    ValidationReport report = custom.check(clean());

    assertThat(report.withRule("engine.rule-failed"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("custom.explodes").contains("boom"));
  }

  @Test
  void withRule_duplicateId_isRejected() {
    RuleDescriptor d =
        RuleDescriptor.builder()
            .from(engine.catalogue().find("network.rank-too-high").orElseThrow())
            .build();

    assertThatThrownBy(() -> engine.withRule(Rule.of(Subjects.PROJECT, d, (p, f) -> {})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared twice");
  }

  @Test
  void check_hardBounds_reportedAsInvalidValueWithTrainerKey() {
    LoraProject broken =
        withTraining(
            TrainingParameters.builder()
                .network(NetworkSettings.builder().rank(0).alpha(1).build())
                .batchSize(0)
                .build());

    ValidationReport report = engine.check(broken);

    assertThat(report.withRule("model.invalid-value"))
        .extracting(Violation::path)
        .contains("network.linear", "train.batch_size");
    Violation rank =
        report.withRule("model.invalid-value").stream()
            .filter(v -> v.path().equals("network.linear"))
            .findFirst()
            .orElseThrow();
    assertThat(rank.value()).contains("0");
    assertThat(rank.bound()).contains("1");
  }

  @Test
  void check_rankAndAlpha_reportValueAndBound() {
    ValidationReport report =
        engine.check(
            withTraining(
                TrainingParameters.builder()
                    .network(NetworkSettings.builder().rank(128).alpha(64).build())
                    .build()));

    Violation high = report.withRule("network.rank-too-high").get(0);
    assertThat(high.message())
        .isEqualTo("rank 128 is at or above 128, where a LoRA learns backgrounds and lighting");
    assertThat(high.hint()).isEqualTo("lower network.linear to 16; 8-12 if backgrounds bleed");
    Violation alpha = report.withRule("network.alpha-ignored").get(0);
    assertThat(alpha.value()).contains("64");
    assertThat(alpha.bound()).contains("128");
  }

  @Test
  void check_triggers() {
    assertThat(triggerRules("")).contains("trigger.empty");
    assertThat(triggerRules("woman")).contains("trigger.class-word");
    assertThat(triggerRules("maya char")).contains("trigger.has-spaces");
    assertThat(triggerRules("ship")).contains("trigger.dictionary-word");
    assertThat(triggerRules("ohwx")).isEmpty();
    assertThat(triggerRules("maya_char")).isEmpty();
  }

  @Test
  void check_adapters() {
    String edit2509 = BaseModel.QWEN_IMAGE_EDIT_2509.accuracyRecoveryAdapters().get(0);
    assertThat(quantRules(Quantization.builder().qtype("uint3").build()))
        .contains("quantization.low-bit-without-adapter");
    assertThat(
            quantRules(
                Quantization.builder()
                    .qtype("uint3")
                    .accuracyRecoveryAdapter("qwen_image_edit_torchao_uint3.safetensors")
                    .build()))
        .contains("quantization.adapter-path-malformed");
    assertThat(
            quantRules(
                Quantization.builder().qtype("uint3").accuracyRecoveryAdapter(edit2509).build()))
        .contains("quantization.adapter-wrong-model");
    assertThat(
            quantRules(
                Quantization.builder()
                    .qtype("uint4")
                    .accuracyRecoveryAdapter(BaseModel.QWEN_IMAGE.accuracyRecoveryAdapters().get(0))
                    .build()))
        .contains("quantization.adapter-bits-mismatch");
    assertThat(quantRules(Quantization.builder().qtype("int4").build()))
        .contains("quantization.unknown-qtype");
    assertThat(
            quantRules(
                Quantization.builder()
                    .qtype("uint3")
                    .accuracyRecoveryAdapter(BaseModel.QWEN_IMAGE.accuracyRecoveryAdapters().get(0))
                    .build()))
        .isEmpty();
  }

  @Test
  void check_emptyDataset_isAnErrorNotAnException() {
    LoraProject empty =
        LoraProject.builder()
            .name("x")
            .trigger(TriggerWord.of("ohwx"))
            .dataset(DatasetSpec.builder().build())
            .baseModel(BaseModel.QWEN_IMAGE)
            .build();

    ValidationReport report = engine.check(empty);

    assertThat(report.withRule("dataset.no-training-folders")).hasSize(1);
    assertThatThrownBy(report::throwIfErrors)
        .isInstanceOf(LoraValidationException.class)
        .hasMessageContaining("dataset.no-training-folders");
  }

  @Test
  void catalogue_hasThirtyOrMoreAutomaticRulesAndAManualChecklist() {
    RuleCatalogue c = engine.catalogue();

    assertThat(c.of(Subjects.PROJECT)).hasSizeGreaterThanOrEqualTo(30);
    assertThat(c.of(Subject.MANUAL)).isNotEmpty();
    assertThat(c.rules()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
  }

  private java.util.List<String> triggerRules(String trigger) {
    LoraProject p = LoraProject.builder().from(clean()).trigger(TriggerWord.of(trigger)).build();
    return engine.check(p).violations().stream()
        .map(Violation::ruleId)
        .filter(id -> id.startsWith("trigger."))
        .collect(java.util.stream.Collectors.toList());
  }

  private java.util.List<String> quantRules(Quantization q) {
    ValidationReport report =
        engine.check(withTraining(TrainingParameters.builder().quantization(q).build()));
    return report.violations().stream()
        .map(Violation::ruleId)
        .filter(id -> id.startsWith("quantization."))
        .collect(java.util.stream.Collectors.toList());
  }
}
