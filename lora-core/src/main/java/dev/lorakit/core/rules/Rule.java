package dev.lorakit.core.rules;

import dev.lorakit.core.project.LoraProject;

/**
 * A check of a project. A rule reports problems into {@link Findings}; it never throws for bad data
 * (the engine turns an unexpected exception into an {@code engine.rule-failed} error).
 *
 * <pre>{@code
 * Rule noSpaces = Rule.of(descriptor, (project, findings) -> {
 *   if (project.name().contains(" ")) {
 *     findings.report("config.name", "name has spaces", "use underscores", project.name(), null);
 *   }
 * });
 * }</pre>
 */
public interface Rule {

  RuleDescriptor descriptor();

  void check(LoraProject project, Findings findings);

  /** The body of a rule, for {@link #of}. */
  @FunctionalInterface
  interface Check {
    void check(LoraProject project, Findings findings);
  }

  static Rule of(RuleDescriptor descriptor, Check check) {
    return new Rule() {
      @Override
      public RuleDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public void check(LoraProject project, Findings findings) {
        check.check(project, findings);
      }

      @Override
      public String toString() {
        return "Rule[" + descriptor.id() + "]";
      }
    };
  }
}
