package dev.lorakit.core.validation;

import java.util.List;

/**
 * Contributes rules to {@link RuleCatalogue#standard()}. Each module that owns rules registers one
 * implementation in {@code META-INF/services/dev.lorakit.core.validation.RuleProvider}; a user's
 * jar on the class path can do the same to add rules to any subject.
 */
public interface RuleProvider {

  /** The checked rules of this provider. */
  List<Rule<?>> rules();

  /** Checklist items ({@link Subject#MANUAL}) a person must confirm; none by default. */
  default List<RuleDescriptor> manual() {
    return List.of();
  }
}
