package dev.lorakit.core.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every rule of a profile with its documentation; {@code docs/rules.md} is rendered from it and a
 * test fails when the two differ.
 *
 * <pre>{@code
 * RuleCatalogue.qwenCharacter().find("network.alpha-ignored").orElseThrow().why();
 * }</pre>
 */
public final class RuleCatalogue {
  private final String profile;
  private final List<RuleDescriptor> rules;

  private RuleCatalogue(String profile, List<RuleDescriptor> rules) {
    this.profile = profile;
    this.rules =
        rules.stream()
            .sorted(Comparator.comparing(RuleDescriptor::id))
            .collect(Collectors.toUnmodifiableList());
  }

  /** The catalogue of the {@code qwen-character} profile, including its manual checklist. */
  public static RuleCatalogue qwenCharacter() {
    return RuleEngine.qwenCharacter().catalogue();
  }

  static RuleCatalogue of(String profile, List<RuleDescriptor> rules) {
    return new RuleCatalogue(profile, rules);
  }

  /**
   * This catalogue plus rules checked elsewhere (dataset files, config files), for documentation.
   *
   * @throws IllegalArgumentException when an id appears twice
   */
  public RuleCatalogue with(List<RuleDescriptor> more) {
    List<RuleDescriptor> all = new ArrayList<>(rules);
    all.addAll(more);
    if (all.stream().map(RuleDescriptor::id).distinct().count() != all.size()) {
      throw new IllegalArgumentException("duplicate rule ids in " + profile);
    }
    return new RuleCatalogue(profile, all);
  }

  public String profile() {
    return profile;
  }

  /** All rules sorted by id. */
  public List<RuleDescriptor> rules() {
    return rules;
  }

  public Optional<RuleDescriptor> find(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public List<RuleDescriptor> ofKind(RuleKind kind) {
    return rules.stream().filter(r -> r.kind() == kind).collect(Collectors.toUnmodifiableList());
  }

  /** The catalogue as the Markdown of {@code docs/rules.md}. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Rule catalogue: profile `").append(profile).append("`\n\n");
    sb.append("Generated from the code by `RuleCatalogue.toMarkdown()`; ");
    sb.append("`RulesDocTest` fails when this file and the code differ. ");
    sb.append("Regenerate with `mvn -pl docs -am verify -Dlorakit.regenerate=true`.\n\n");
    sb.append("Severity: ERROR fails `lorakit check` (exit 1); WARNING and INFO do not. ");
    sb.append("MANUAL rules are a checklist that no file can decide.\n\n");
    List<RuleKind> kinds = new ArrayList<>(List.of(RuleKind.values()));
    for (RuleKind kind : kinds) {
      List<RuleDescriptor> ofKind = ofKind(kind);
      if (ofKind.isEmpty()) {
        continue;
      }
      sb.append("## ").append(title(kind)).append(" (").append(ofKind.size()).append(")\n\n");
      sb.append("| id | severity | what | why | fix | source |\n");
      sb.append("|---|---|---|---|---|---|\n");
      for (RuleDescriptor r : ofKind) {
        sb.append("| `")
            .append(r.id())
            .append("` | ")
            .append(kind == RuleKind.MANUAL ? "MANUAL" : r.severity().name())
            .append(" | ")
            .append(cell(r.what()))
            .append(" | ")
            .append(cell(r.why()))
            .append(" | ")
            .append(cell(r.fix()))
            .append(" | ")
            .append(cell(r.source()))
            .append(" |\n");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String title(RuleKind kind) {
    switch (kind) {
      case PROJECT:
        return "Project rules";
      case DATASET:
        return "Dataset file rules";
      case CONFIG:
        return "ai-toolkit config rules";
      case CHECKPOINT:
        return "Checkpoint file rules";
      case MANUAL:
        return "Manual checklist";
      default:
        throw new AssertionError(kind);
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
