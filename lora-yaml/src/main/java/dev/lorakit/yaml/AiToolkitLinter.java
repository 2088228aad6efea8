package dev.lorakit.yaml;

import dev.lorakit.core.plan.BudgetRules;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.LengthRules;
import dev.lorakit.core.rules.QuantizationRules;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.rules.SamplingRules;
import dev.lorakit.core.rules.TrainerRules;
import dev.lorakit.core.rules.TriggerRules;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Lints an ai-toolkit config: the {@code config.*} rules on the file itself (unknown and invented
 * keys, missing {@code training_folder} and {@code arch}, types, enum values...), then the project
 * rules of {@link RuleEngine#qwenCharacter()} on the imported project, each with the line and
 * column it refers to.
 *
 * <pre>{@code
 * ValidationReport report = AiToolkitLinter.standard().lint(Path.of("train.yaml"));
 * report.violations().forEach(v -> System.out.println(v.describe()));
 * }</pre>
 *
 * <p>Never throws for bad input: unreadable text is a {@code config.syntax-error} or {@code
 * config.limit-exceeded} violation. A defect the imported project can express is checked once, by
 * the project rule, and reported at the config line its path maps to (the file-level ids it
 * replaced are its {@link RuleDescriptor#aliases() aliases}); project rules that only express the
 * character guide's advice (no trigger, class word trigger, style-regime epochs) are lowered to
 * WARNING, because a config for another purpose is still valid for the trainer. {@code
 * dataset.counts-unknown} is dropped: a config never holds image counts.
 */
public final class AiToolkitLinter {
  private static final AiToolkitLinter STANDARD = new AiToolkitLinter(RuleEngine.qwenCharacter());

  // Guide advice, and the memory estimate: a config names no GPU, so it is checked against the
  // default L40S and can only warn.
  private static final Set<String> GUIDE_ADVICE =
      Set.of(
          TriggerRules.EMPTY.id(),
          TriggerRules.CLASS_WORD.id(),
          LengthRules.EPOCHS_STYLE_REGIME.id(),
          TrainerRules.MEMORY_EXCEEDED.id());

  private final RuleEngine engine;
  private final TrainerVersion trainer;

  private AiToolkitLinter(RuleEngine engine) {
    this(engine, TrainerVersion.PINNED);
  }

  private AiToolkitLinter(RuleEngine engine, TrainerVersion trainer) {
    this.engine = engine;
    this.trainer = trainer;
  }

  /**
   * The same linter for a config that will run on another ai-toolkit build (the pinned image's by
   * default): facts that changed over time, such as int8 or a newer base model, are checked for
   * that build.
   */
  public AiToolkitLinter withTrainerVersion(TrainerVersion version) {
    return new AiToolkitLinter(engine, Objects.requireNonNull(version, "version"));
  }

  /** The linter with the {@code qwen-character} project rules. */
  public static AiToolkitLinter standard() {
    return STANDARD;
  }

  /** A linter that applies another rule engine (for example one with custom rules). */
  public static AiToolkitLinter withEngine(RuleEngine engine) {
    return new AiToolkitLinter(Objects.requireNonNull(engine, "engine"));
  }

  /** Every {@code config.*} and {@code project-file.*} rule, for the rule catalogue. */
  public static List<RuleDescriptor> descriptors() {
    List<RuleDescriptor> all = new ArrayList<>(ConfigRules.CONFIG);
    all.addAll(AiToolkitWriter.WRITER_RULES);
    all.addAll(ConfigRules.PROJECT_FILE);
    return List.copyOf(all);
  }

  public ValidationReport lint(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return lint(AiToolkitConfigReader.read(text));
    } catch (LoraValidationException e) {
      return e.report();
    }
  }

  public ValidationReport lint(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      return lint(AiToolkitConfigReader.read(bytes));
    } catch (LoraValidationException e) {
      return e.report();
    }
  }

  /** Lints a file; I/O failures (missing file) are {@link UncheckedIOException}. */
  public ValidationReport lint(Path file) {
    try {
      return lint(AiToolkitConfigReader.readBounded(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ValidationReport lint(AiToolkitConfig config) {
    List<Violation> found = new ArrayList<>(config.readProblems());
    try {
      found.addAll(ConfigChecks.check(config.root(), config.text(), trainer));
      found.addAll(projectRules(config));
    } catch (RuntimeException e) {
      found.add(
          ConfigRules.violation(
              ConfigRules.SYNTAX_ERROR,
              Severity.ERROR,
              "",
              null,
              "lorakit could not check this config: " + e.getClass().getSimpleName(),
              "report this file to lorakit's authors",
              null));
    }
    return ValidationReport.of(found, List.of());
  }

  private List<Violation> projectRules(AiToolkitConfig config) {
    ConfigImporter.Result result = ConfigImporter.importProject(config.root());
    List<Violation> out = new ArrayList<>(result.imported.notes());
    Optional<LoraProject> project =
        result
            .imported
            .project()
            .map(p -> ImmutableLoraProject.copyOf(p).withTrainerVersion(trainer));
    if (project.isEmpty()) {
      return out;
    }
    boolean samplingDisabled =
        ConfigImporter.process(config.root())
            .flatMap(p -> p.mapAt("train"))
            .flatMap(t -> ConfigImporter.bool(t, "disable_sampling"))
            .orElse(false);
    for (Violation v : engine.check(project.get()).violations()) {
      if (v.ruleId().equals(BudgetRules.COUNTS_UNKNOWN.id())) {
        continue;
      }
      // the config walk reports int8 on an old build at its line, for configs that do not import
      // too (config.needs-newer-trainer); one finding per defect
      if (v.ruleId().equals(QuantizationRules.INT8_NEEDS_RECENT_TRAINER.id())) {
        continue;
      }
      // lorakit's project has no "no sampling"; with it the trainer never samples
      if (samplingDisabled && v.ruleId().equals(SamplingRules.MISSING_CONTROL_IMAGE.id())) {
        continue;
      }
      Violation found = v;
      if (GUIDE_ADVICE.contains(v.ruleId()) && v.severity() == Severity.ERROR) {
        found = found.withSeverity(Severity.WARNING);
      }
      if (v.location().isEmpty()) {
        found =
            locate(config.root(), v.path(), result.folderLocations)
                .map(found::withLocation)
                .orElse(found);
      }
      out.add(found);
    }
    return out;
  }

  /** Maps a project rule's trainer-key path back to a line and column in the config. */
  static Optional<SourceLocation> locate(
      ConfigNode root, String path, Map<String, SourceLocation> folders) {
    if (folders.containsKey(path)) {
      return Optional.of(folders.get(path));
    }
    String p = "config.process[0]";
    String full;
    if (path.startsWith("config.")) {
      full = path;
    } else if (path.equals("trigger_word")) {
      full =
          Paths.find(root, p + ".datasets[0].trigger_word").isPresent()
                  && Paths.find(root, p + ".trigger_word").isEmpty()
              ? p + ".datasets[0].trigger_word"
              : p + ".trigger_word";
    } else if (path.startsWith("datasets[]")) {
      String key =
          path.length() > "datasets[].".length() ? path.substring("datasets[].".length()) : "";
      full = p + ".datasets[0]" + (key.isEmpty() ? "" : "." + key);
      for (int i = 0; Paths.find(root, p + ".datasets[" + i + "]").isPresent(); i++) {
        if (!key.isEmpty() && Paths.find(root, p + ".datasets[" + i + "]." + key).isPresent()) {
          full = p + ".datasets[" + i + "]." + key;
          break;
        }
      }
    } else if (path.startsWith("sample.samples[")
        && Paths.find(root, p + ".sample.samples").isEmpty()) {
      full =
          p + "." + path.replaceFirst("^sample\\.samples(\\[\\d+])(\\..*)?$", "sample.prompts$1");
    } else if (path.equals("epochs")) {
      full = p + ".train.steps";
    } else {
      full = p + "." + path;
    }
    return Paths.deepest(root, full).flatMap(ConfigNode::location);
  }
}
