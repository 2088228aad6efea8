package dev.lorakit.core.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Every rule lorakit knows, of every module on the class path, found through {@link RuleProvider}
 * services; {@code docs/rules.md} is rendered from it and a test fails when the two differ. It also
 * runs the rules of one subject, turning a rule that throws into an {@code engine.rule-failed}
 * error instead of an exception. Immutable and thread-safe.
 *
 * <pre>{@code
 * RuleCatalogue catalogue = RuleCatalogue.standard();
 * catalogue.find("network.alpha-ignored").orElseThrow().why();
 * ValidationReport report = catalogue.check(ProjectRules.PROJECT, project);
 * }</pre>
 */
public final class RuleCatalogue {

  /** The kernel's own rule: a rule threw instead of reporting. */
  public static final RuleDescriptor RULE_FAILED =
      RuleDescriptor.builder()
          .id("engine.rule-failed")
          .subject(Subject.ENGINE)
          .severity(Severity.ERROR)
          .what("a rule threw an exception instead of reporting")
          .why("a bug in lorakit or a custom rule; the subject was not fully checked")
          .fix("report the rule id and the message to the rule's author")
          .source("lorakit")
          .build();

  private final List<Rule<?>> rules;
  private final List<RuleDescriptor> manual;
  private final List<RuleDescriptor> descriptors;
  private final Map<String, RuleDescriptor> byId;

  private RuleCatalogue(List<Rule<?>> rules, List<RuleDescriptor> manual) {
    this.rules = List.copyOf(rules);
    this.manual = List.copyOf(manual);
    List<RuleDescriptor> all = new ArrayList<>();
    all.add(RULE_FAILED);
    this.rules.forEach(r -> all.addAll(r.descriptors()));
    for (RuleDescriptor m : this.manual) {
      if (!m.manual()) {
        throw new IllegalArgumentException("checklist item " + m.id() + " is not a MANUAL rule");
      }
      all.add(m);
    }
    Map<String, RuleDescriptor> ids = new HashMap<>();
    for (RuleDescriptor d : all) {
      for (String id : ids(d)) {
        RuleDescriptor before = ids.putIfAbsent(id, d);
        if (before != null && before != d) {
          throw new IllegalArgumentException("rule id declared twice: " + id);
        }
      }
    }
    this.byId = Map.copyOf(ids);
    this.descriptors =
        all.stream()
            .distinct()
            .sorted(Comparator.comparing(RuleDescriptor::id))
            .collect(Collectors.toUnmodifiableList());
  }

  private static List<String> ids(RuleDescriptor d) {
    List<String> ids = new ArrayList<>(d.aliases());
    ids.add(0, d.id());
    return ids;
  }

  /** Every rule of every {@link RuleProvider} on lorakit's class path, loaded once. */
  public static RuleCatalogue standard() {
    return Standard.CATALOGUE;
  }

  private static final class Standard {
    static final RuleCatalogue CATALOGUE = load(RuleCatalogue.class.getClassLoader());
  }

  /**
   * Every rule of every {@link RuleProvider} visible to {@code loader}, in a stable order.
   *
   * @throws IllegalArgumentException when two providers declare the same id
   */
  public static RuleCatalogue load(ClassLoader loader) {
    List<RuleProvider> providers = new ArrayList<>();
    ServiceLoader.load(RuleProvider.class, loader).forEach(providers::add);
    providers.sort(Comparator.comparing(p -> p.getClass().getName()));
    List<Rule<?>> rules = new ArrayList<>();
    List<RuleDescriptor> manual = new ArrayList<>();
    for (RuleProvider p : providers) {
      rules.addAll(p.rules());
      manual.addAll(p.manual());
    }
    return new RuleCatalogue(rules, manual);
  }

  /** A catalogue of exactly these rules and checklist items, for tests and custom profiles. */
  public static RuleCatalogue of(List<? extends Rule<?>> rules, List<RuleDescriptor> manual) {
    return new RuleCatalogue(new ArrayList<>(rules), manual);
  }

  /**
   * This catalogue plus one rule, for users with their own conventions.
   *
   * @throws IllegalArgumentException when one of its ids is already taken
   */
  public RuleCatalogue with(Rule<?> rule) {
    Objects.requireNonNull(rule, "rule");
    List<Rule<?>> more = new ArrayList<>(rules);
    more.add(rule);
    return new RuleCatalogue(more, manual);
  }

  /** Every declared rule (checked, manual and the kernel's own), sorted by id. */
  public List<RuleDescriptor> rules() {
    return descriptors;
  }

  /** The rule with this id or former id. */
  public Optional<RuleDescriptor> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The rules of one subject, sorted by id. */
  public List<RuleDescriptor> of(Subject<?> subject) {
    return descriptors.stream()
        .filter(d -> d.subject().equals(subject))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Every subject that has a rule, in catalogue order. */
  public List<Subject<?>> subjects() {
    return descriptors.stream()
        .map(RuleDescriptor::subject)
        .distinct()
        .sorted(Comparator.comparingInt(Subject::order))
        .collect(Collectors.toUnmodifiableList());
  }

  /** The checklist items a person must confirm. */
  public List<RuleDescriptor> manual() {
    return of(Subject.MANUAL);
  }

  /** The checked rules of one subject, in declaration order. */
  @SuppressWarnings("unchecked")
  public <S> List<Rule<S>> checks(Subject<S> subject) {
    List<Rule<S>> out = new ArrayList<>();
    for (Rule<?> r : rules) {
      if (r.subject().equals(subject)) {
        out.add((Rule<S>) r);
      }
    }
    return out;
  }

  /**
   * Runs every rule of {@code subject} on {@code value}. Never throws for a non-null value: a rule
   * that throws becomes an {@code engine.rule-failed} error naming it, and the other rules still
   * run. The report carries no checklist; {@link ValidationReport#withManualChecks} adds it.
   */
  public <S> ValidationReport check(Subject<S> subject, S value) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(value, "value");
    List<Violation> found = new ArrayList<>();
    for (Rule<S> rule : checks(subject)) {
      found.addAll(run(rule, value));
    }
    return ValidationReport.of(found, List.of());
  }

  /** Runs one rule guarded: its violations, or one {@code engine.rule-failed} error. */
  public static <S> List<Violation> run(Rule<S> rule, S value) {
    Findings findings = Findings.of(rule);
    try {
      rule.check(value, findings);
      return findings.violations();
    } catch (RuntimeException e) {
      return failure(rule.descriptors().get(0).id(), e);
    }
  }

  /** The {@code engine.rule-failed} error for a rule that threw. */
  public static List<Violation> failure(String ruleId, RuntimeException e) {
    return Findings.of(RULE_FAILED)
        .report(
            ruleId,
            String.format(
                Locale.ROOT,
                "rule %s failed with %s: %s",
                ruleId,
                e.getClass().getSimpleName(),
                e.getMessage()),
            "report this to the rule's author; the rest of the check ran",
            null,
            null)
        .violations();
  }

  /** The catalogue as the Markdown of {@code docs/rules.md}. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Rule catalogue\n\n");
    sb.append("Generated from the code by `RuleCatalogue.toMarkdown()` over every rule of ");
    sb.append(
        "`RuleCatalogue.standard()`; `RulesDocTest` fails when this file and the code differ. ");
    sb.append("Regenerate with `mvn -pl docs -am verify -Dlorakit.regenerate=true`.\n\n");
    sb.append("Severity: ERROR fails `lorakit check` (exit 1); WARNING and INFO do not. ");
    sb.append("MANUAL rules are a checklist that no file can decide. A former id merged into ");
    sb.append("another rule is listed under it and still found by `RuleCatalogue.find`.\n\n");
    Map<Subject<?>, List<RuleDescriptor>> bySubject = new LinkedHashMap<>();
    subjects().forEach(s -> bySubject.put(s, of(s)));
    for (Map.Entry<Subject<?>, List<RuleDescriptor>> e : bySubject.entrySet()) {
      Subject<?> subject = e.getKey();
      sb.append("## ")
          .append(subject.title())
          .append(" (")
          .append(e.getValue().size())
          .append(")\n\n");
      sb.append("| id | severity | what | why | fix | source |\n");
      sb.append("|---|---|---|---|---|---|\n");
      for (RuleDescriptor r : e.getValue()) {
        sb.append("| `").append(r.id()).append('`');
        for (String alias : r.aliases()) {
          sb.append("<br>(was `").append(alias).append("`)");
        }
        sb.append(" | ")
            .append(r.manual() ? "MANUAL" : r.severity().name())
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
    List<RuleDescriptor> merged = descriptors.stream().filter(d -> !d.aliases().isEmpty()).toList();
    if (!merged.isEmpty()) {
      sb.append("## Former ids, merged into another rule\n\n");
      sb.append("| id | now reported as |\n|---|---|\n");
      merged.stream()
          .flatMap(d -> d.aliases().stream().map(a -> "| `" + a + "` | `" + d.id() + "` |\n"))
          .sorted()
          .forEach(sb::append);
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
