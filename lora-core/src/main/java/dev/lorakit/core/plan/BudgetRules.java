package dev.lorakit.core.plan;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.internal.Names;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two project rules without which no step budget exists: a dataset with training folders, and
 * known image counts. The planner reports them as errors when it cannot plan; the rule catalogue
 * lists them with the guide's other project rules.
 *
 * <pre>{@code
 * boolean blocked = report.violations().stream()
 *     .anyMatch(v -> v.ruleId().equals(BudgetRules.COUNTS_UNKNOWN.id()));
 * }</pre>
 */
public final class BudgetRules {

  /** The dataset has no training folder. */
  public static final RuleDescriptor NO_TRAINING_FOLDERS =
      descriptor(
          "dataset.no-training-folders",
          ERROR,
          "the dataset has no training folder",
          "nothing to train on",
          "add folders such as 40_name (character) and 20_name_realbody (body)",
          "guide: Folder Structure");

  /** Image counts of some training folders are unknown. */
  public static final RuleDescriptor COUNTS_UNKNOWN =
      descriptor(
          "dataset.counts-unknown",
          INFO,
          "image counts of some folders are unknown",
          "composition and step budget cannot be checked without counts",
          "scan the dataset (lorakit check <dir>) or declare image counts",
          "lorakit");

  private static final List<Rule<LoraProject>> RULES =
      List.of(
          Rule.of(
              Subjects.PROJECT,
              NO_TRAINING_FOLDERS,
              (p, f) -> {
                if (p.dataset().trainingFolders().isEmpty()) {
                  String name = Names.characterStem(p.name());
                  f.report(
                      "datasets",
                      "the dataset has no training folders",
                      "add 40_" + name + " and 20_" + name + "_realbody folders",
                      0,
                      1);
                }
              }),
          Rule.of(
              Subjects.PROJECT,
              COUNTS_UNKNOWN,
              (p, f) -> {
                for (DatasetFolder folder : p.dataset().trainingFolders()) {
                  if (folder.imageCount().isEmpty()) {
                    f.report(
                        folder.path(),
                        String.format(
                            Locale.ROOT,
                            "image count of %s is unknown; budget checks skipped",
                            folder.path()),
                        "scan the dataset or declare the image count",
                        null,
                        null);
                  }
                }
              }));

  private BudgetRules() {}

  /** Both rules over {@link Subjects#PROJECT}, for the catalogue. */
  public static List<Rule<LoraProject>> rules() {
    return RULES;
  }

  /** Why no step budget can be computed: these rules' findings, as errors. */
  static ValidationReport blockers(LoraProject project) {
    List<Violation> found = new ArrayList<>();
    for (Rule<LoraProject> rule : RULES) {
      String id = rule.descriptors().get(0).id();
      RuleCatalogue.run(rule, project).stream()
          .filter(v -> v.ruleId().equals(id))
          .map(v -> v.withSeverity(Severity.ERROR))
          .forEach(found::add);
    }
    return ValidationReport.of(found, List.of());
  }

  private static RuleDescriptor descriptor(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(Subjects.PROJECT)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
