package dev.lorakit.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The descriptor builders of the topic files, and that every declared project rule is checked by a
 * rule of the provider (a descriptor constant nobody checks would be a silent hole in the
 * catalogue). These call the builders and the topic lists directly: the catalogue itself is built
 * once per JVM.
 */
class RuleTextTest {

  @Test
  void builders_setSubjectSeverityAndText() {
    RuleDescriptor p = RuleText.project("x.p", Severity.WARNING, "what", "why", "fix", "src");
    assertThat(p.subject()).isEqualTo(Subjects.PROJECT);
    assertThat(p)
        .extracting(
            RuleDescriptor::id,
            RuleDescriptor::severity,
            RuleDescriptor::what,
            RuleDescriptor::why,
            RuleDescriptor::fix,
            RuleDescriptor::source)
        .containsExactly("x.p", Severity.WARNING, "what", "why", "fix", "src");
    assertThat(RuleText.dataset("x.d", Severity.ERROR, "w", "y", "f", "s").subject())
        .isEqualTo(Subjects.DATASET);
    RuleDescriptor m = RuleText.manual("manual.x", "w", "y", "f", "s");
    assertThat(m.subject()).isEqualTo(Subject.MANUAL);
    assertThat(m.severity()).isEqualTo(Severity.INFO);
    RuleDescriptor merged = RuleText.merging(p, "config.old-id");
    assertThat(merged.id()).isEqualTo("x.p");
    assertThat(merged.aliases()).containsExactly("config.old-id");
    assertThat(RuleText.fmt("%.2f", 0.5)).isEqualTo("0.50");
  }

  @Test
  void safeAndSuggestTrigger_stemOfTheProjectName() {
    LoraProject p =
        LoraProject.builder().from(ExampleProjects.guideAsWritten()).name("Maya LoRA").build();
    assertThat(RuleText.safe(p)).isEqualTo("maya");
    assertThat(RuleText.suggestTrigger(p)).isEqualTo("maya_char");
  }

  private static final List<Class<?>> PROJECT_TOPICS =
      List.of(
          NetworkRules.class,
          OptimizerRules.class,
          LengthRules.class,
          BatchRules.class,
          QuantizationRules.class,
          TrainerRules.class,
          ResolutionRules.class,
          TriggerRules.class,
          ControlRules.class,
          CompositionRules.class,
          SamplingRules.class,
          ModelConstraints.class);

  private static List<RuleDescriptor> declared(Class<?> topic, Subject<?> subject)
      throws IllegalAccessException {
    List<RuleDescriptor> out = new ArrayList<>();
    for (Field f : topic.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == RuleDescriptor.class) {
        RuleDescriptor d = (RuleDescriptor) f.get(null);
        if (d.subject().equals(subject)) {
          out.add(d);
        }
      }
    }
    return out;
  }

  private static Set<String> ids(List<? extends Rule<?>> rules) {
    return rules.stream()
        .flatMap(r -> r.descriptors().stream())
        .map(RuleDescriptor::id)
        .collect(Collectors.toSet());
  }

  @Test
  void projectRules_checkEveryDeclaredProjectRuleOfEveryTopic() throws IllegalAccessException {
    Set<String> checked = ids(CoreRuleProvider.projectRules());
    for (Class<?> topic : PROJECT_TOPICS) {
      assertThat(checked)
          .as(topic.getSimpleName())
          .containsAll(
              declared(topic, Subjects.PROJECT).stream()
                  .map(RuleDescriptor::id)
                  .collect(Collectors.toList()));
    }
    assertThat(ids(NetworkRules.rules())).hasSize(4);
    assertThat(ids(OptimizerRules.rules())).hasSize(4);
    assertThat(ids(LengthRules.rules())).hasSize(6);
    assertThat(ids(BatchRules.rules())).hasSize(3);
    assertThat(ids(TrainerRules.rules())).hasSize(5);
    assertThat(ids(ResolutionRules.rules())).hasSize(3);
    assertThat(ids(SamplingRules.rules())).hasSize(3);
  }

  @Test
  void provider_addsTheDatasetWalkAndTheChecklist() throws IllegalAccessException {
    CoreRuleProvider provider = new CoreRuleProvider();
    Set<String> all = ids(provider.rules());
    assertThat(all).containsAll(ids(CoreRuleProvider.projectRules()));
    assertThat(all)
        .containsAll(
            DatasetRules.descriptors().stream()
                .map(RuleDescriptor::id)
                .collect(Collectors.toList()));
    assertThat(provider.manual()).isNotEmpty().allMatch(d -> d.subject().equals(Subject.MANUAL));
  }
}
