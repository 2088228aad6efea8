package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.merging;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The trainer's batch rules: gradient accumulation keys and batch size on the edit models.
 *
 * <pre>{@code
 * String id = BatchRules.BOTH_ACCUMULATION.id(); // "accumulation.both-modes"
 * }</pre>
 */
public final class BatchRules {

  /** The legacy gradient_accumulation_steps is used. */
  public static final RuleDescriptor LEGACY_ACCUMULATION =
      merging(
          project(
              "accumulation.legacy-mode",
              WARNING,
              "the legacy gradient_accumulation_steps is used",
              "with the legacy key, steps count micro-batches (3,400 steps are 850 updates) and"
                  + " the trainer clears gradients every step, so it appears not to accumulate",
              "use train.gradient_accumulation instead of gradient_accumulation_steps",
              AITK + "§3.3, §5"),
          "config.legacy-accumulation-key");

  /** gradient_accumulation and gradient_accumulation_steps are both set. */
  public static final RuleDescriptor BOTH_ACCUMULATION =
      merging(
          project(
              "accumulation.both-modes",
              ERROR,
              "gradient_accumulation and gradient_accumulation_steps are both set",
              "the two keys are mutually exclusive; the trainer raises a ValueError at start",
              "keep only train.gradient_accumulation",
              AITK + "§2.5, §3.3"),
          "config.both-accumulation-keys");

  /** Batch size above 1 on Edit-2509 or Edit-2511 without cached text embeddings. */
  public static final RuleDescriptor EDIT_WITHOUT_CACHED_EMBEDDINGS =
      project(
          "batch.edit-without-cached-embeddings",
          ERROR,
          "batch size above 1 on Edit-2509 or Edit-2511 without cached text embeddings",
          "the multi-image edit pipeline fails with a tensor size mismatch or 'Number of prompts must match"
              + " number of control image sets' (issues #487, #862)",
          "set train.batch_size to 1, or train.cache_text_embeddings to true",
          AITK + "§4.5, §8.4");

  private BatchRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            LEGACY_ACCUMULATION,
            (p, f) -> {
              int legacy = p.training().gradientAccumulationSteps();
              if (legacy != 1 && p.training().gradientAccumulation() <= 1) {
                f.report(
                    "train.gradient_accumulation_steps",
                    fmt(
                        "legacy gradient_accumulation_steps %d counts steps in micro-batches and"
                            + " appears not to accumulate",
                        legacy),
                    fmt(
                        "replace it with gradient_accumulation: %d and recompute train.steps",
                        Math.max(1, legacy)),
                    legacy,
                    1);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            BOTH_ACCUMULATION,
            (p, f) -> {
              TrainingParameters t = p.training();
              if (t.gradientAccumulationSteps() != 1 && t.gradientAccumulation() > 1) {
                f.report(
                    "train.gradient_accumulation_steps",
                    fmt(
                        "gradient_accumulation %d and gradient_accumulation_steps %d are both set;"
                            + " the trainer raises",
                        t.gradientAccumulation(), t.gradientAccumulationSteps()),
                    "remove train.gradient_accumulation_steps",
                    t.gradientAccumulationSteps(),
                    1);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            EDIT_WITHOUT_CACHED_EMBEDDINGS,
            (p, f) -> {
              TrainingParameters t = p.training();
              if (p.baseModel().batchNeedsCachedTextEmbeddings()
                  && p.arch().equals(p.baseModel().arch())
                  && t.batchSize() > 1
                  && !t.cacheTextEmbeddings()) {
                f.report(
                    "train.batch_size",
                    fmt(
                        "batch size %d on %s without cached text embeddings fails in the trainer",
                        t.batchSize(), p.baseModel().displayName()),
                    "set train.batch_size to 1 or train.cache_text_embeddings to true",
                    t.batchSize(),
                    1);
              }
            }));
  }
}
