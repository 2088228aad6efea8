package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * The guide's training-length and saving rules: epochs, steps against epochs, one checkpoint per
 * epoch, and how many are kept.
 *
 * <pre>{@code
 * boolean style = epochs >= LengthRules.STYLE_EPOCHS;
 * String id = LengthRules.EPOCHS_STYLE_REGIME.id(); // "training.epochs-style-regime"
 * }</pre>
 */
public final class LengthRules {
  /** The fewest epochs of the guide's 8-10. */
  public static final int MIN_EPOCHS = 8;

  /** The guide's standard length. */
  public static final int RECOMMENDED_EPOCHS = 10;

  /** The most epochs a complex multi-outfit character needs. */
  public static final int MAX_EPOCHS = 15;

  /** Epochs from which a LoRA is in the style regime. */
  public static final int STYLE_EPOCHS = 50;

  /** Fewer than 8 epochs. */
  public static final RuleDescriptor EPOCHS_TOO_FEW =
      project(
          "training.epochs-too-few",
          WARNING,
          "fewer than " + MIN_EPOCHS + " epochs",
          "8-10 epochs is the standard for character consistency; fewer usually underfit",
          "train " + RECOMMENDED_EPOCHS + " epochs",
          GUIDE + "Training Duration");

  /** More than 15 epochs (below the style regime). */
  public static final RuleDescriptor EPOCHS_TOO_MANY =
      project(
          "training.epochs-too-many",
          WARNING,
          "more than " + MAX_EPOCHS + " epochs",
          "12-15 epochs is for complex multi-outfit characters; more overfits a character",
          "train 10 epochs (12-15 for multi-outfit characters)",
          GUIDE + "Training Duration");

  /** 50 or more epochs: the style-LoRA regime. */
  public static final RuleDescriptor EPOCHS_STYLE_REGIME =
      project(
          "training.epochs-style-regime",
          ERROR,
          STYLE_EPOCHS + " or more epochs",
          "50+ epochs is the style-LoRA regime; a character LoRA memorises its images",
          "train " + RECOMMENDED_EPOCHS + " epochs",
          GUIDE + "Training Duration, Epoch strategy");

  /** Steps and epochs both given and disagreeing. */
  public static final RuleDescriptor STEPS_EPOCHS_INCONSISTENT =
      project(
          "training.steps-epochs-inconsistent",
          ERROR,
          "both steps and epochs are given and they disagree",
          "ai-toolkit has no epochs key and trains exactly train.steps; the guide's 3,400"
              + " steps are one epoch of its dataset, not ten",
          "give the length once, in epochs, and let lorakit compute train.steps",
          GUIDE + "Training Duration; " + AITK + "§3.2");

  /** save_every is not one epoch. */
  public static final RuleDescriptor SAVE_EVERY_NOT_ONE_EPOCH =
      project(
          "save.every-not-one-epoch",
          WARNING,
          "save_every is not one epoch",
          "the guide compares one checkpoint per epoch; with ai-toolkit's step semantics the"
              + " guide's 340 is a tenth of an epoch (or 0.4 with accumulation 4)",
          "leave save_every unset so lorakit sets it to one epoch",
          GUIDE + "Checkpoints; " + AITK + "§3");

  /** max_step_saves_to_keep below the number of step checkpoints. */
  public static final RuleDescriptor FEWER_KEPT_THAN_SAVES =
      project(
          "save.fewer-kept-than-saves",
          WARNING,
          "max_step_saves_to_keep is smaller than the number of step checkpoints",
          "ai-toolkit deletes older step files while training; the early epochs you wanted"
              + " to compare are gone",
          "set save.max_step_saves_to_keep to the number of epochs",
          GUIDE + "Checkpoints; " + AITK + "§6.1");

  private LengthRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            EPOCHS_TOO_FEW,
            (p, f) ->
                epochs(p)
                    .filter(e -> e > 0 && e < MIN_EPOCHS)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are fewer than the recommended %d-%d",
                                    Numbers.decimal(e), MIN_EPOCHS, RECOMMENDED_EPOCHS),
                                "train 10 epochs: set the length in epochs or raise train.steps",
                                Numbers.decimal(e),
                                MIN_EPOCHS))),
        Rule.of(
            Subjects.PROJECT,
            EPOCHS_TOO_MANY,
            // half an epoch of slack: steps computed from epochs round up
            (p, f) ->
                epochs(p)
                    .filter(e -> e > MAX_EPOCHS + 0.5 && e < STYLE_EPOCHS)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are more than the %d a character needs",
                                    Numbers.decimal(e), MAX_EPOCHS),
                                "train 10 epochs (12-15 for multi-outfit characters)",
                                Numbers.decimal(e),
                                MAX_EPOCHS))),
        Rule.of(
            Subjects.PROJECT,
            EPOCHS_STYLE_REGIME,
            (p, f) ->
                epochs(p)
                    .filter(e -> e >= STYLE_EPOCHS)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are in the style-LoRA regime (%d+), not a"
                                        + " character's %d-%d",
                                    Numbers.decimal(e), STYLE_EPOCHS, MIN_EPOCHS, MAX_EPOCHS),
                                "train " + RECOMMENDED_EPOCHS + " epochs",
                                Numbers.decimal(e),
                                STYLE_EPOCHS))),
        Rule.of(
            Subjects.PROJECT,
            STEPS_EPOCHS_INCONSISTENT,
            (p, f) -> {
              var length = p.training().length();
              if (length.epochs().isEmpty() || length.steps().isEmpty()) {
                return;
              }
              StepBudget.compute(p)
                  .ifPresent(
                      b -> {
                        int epochs = length.epochs().getAsInt();
                        long wanted = (long) Math.ceil(epochs * b.stepsPerEpoch());
                        int steps = length.steps().getAsInt();
                        if (Math.abs(wanted - steps) > Math.max(1, wanted / 100)) {
                          f.report(
                              "train.steps",
                              fmt(
                                  "%d steps are %s epochs of this dataset (%s steps each), not"
                                      + " the %d epochs asked for",
                                  steps,
                                  Numbers.decimal(steps / b.stepsPerEpoch()),
                                  Numbers.decimal(b.stepsPerEpoch()),
                                  epochs),
                              fmt(
                                  "set train.steps to %d for %d epochs, or drop one of the two",
                                  wanted, epochs),
                              steps,
                              wanted);
                        }
                      });
            }),
        Rule.of(
            Subjects.PROJECT,
            SAVE_EVERY_NOT_ONE_EPOCH,
            (p, f) -> {
              if (p.training().save().saveEvery().isEmpty()) {
                return;
              }
              StepBudget.compute(p)
                  .ifPresent(
                      b -> {
                        int every = p.training().save().saveEvery().getAsInt();
                        if (every != b.oneEpochSaveEvery()) {
                          f.report(
                              "save.save_every",
                              fmt(
                                  "save_every %d is %s epochs; one epoch is %d steps",
                                  every,
                                  Numbers.decimal(every / b.stepsPerEpoch()),
                                  b.oneEpochSaveEvery()),
                              fmt("set save.save_every to %d", b.oneEpochSaveEvery()),
                              every,
                              b.oneEpochSaveEvery());
                        }
                      });
            }),
        Rule.of(
            Subjects.PROJECT,
            FEWER_KEPT_THAN_SAVES,
            (p, f) ->
                StepBudget.compute(p)
                    .ifPresent(
                        b -> {
                          int intermediate = b.intermediateCheckpoints();
                          int keep = p.training().save().keep();
                          if (keep < intermediate) {
                            f.report(
                                "save.max_step_saves_to_keep",
                                fmt(
                                    "only %d of %d step checkpoints are kept; older ones are"
                                        + " deleted during training",
                                    keep, intermediate),
                                fmt("set save.max_step_saves_to_keep to %d", intermediate),
                                keep,
                                intermediate);
                          }
                        })));
  }

  /** Epochs the run will train: declared, else computed from steps. */
  private static Optional<Double> epochs(LoraProject p) {
    var length = p.training().length();
    if (length.epochs().isPresent()) {
      return Optional.of((double) length.epochs().getAsInt());
    }
    return StepBudget.compute(p).map(StepBudget::epochs);
  }
}
