package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The guide's optimizer and schedule rules: learning rate, noise scheduler and EMA decay.
 *
 * <pre>{@code
 * boolean tooHigh = project.training().learningRate() > OptimizerRules.MAX_LR;
 * String id = OptimizerRules.LR_TOO_HIGH.id(); // "optimizer.lr-too-high"
 * }</pre>
 */
public final class OptimizerRules {
  /** The guide's ultra-safe learning rate, the lowest that converges in 10 epochs. */
  public static final double MIN_LR = 5e-5;

  /** The learning rate above which Qwen overfits and fries details. */
  public static final double MAX_LR = 5e-4;

  /** The only noise scheduler Qwen trains with. */
  public static final String FLOWMATCH = "flowmatch";

  /** The lowest EMA decay that still smooths. */
  public static final double MIN_EMA_DECAY = 0.99;

  /** The highest EMA decay that does not lag thousands of steps. */
  public static final double MAX_EMA_DECAY = 0.9999;

  /** Learning rate below 5e-5 (non-adaptive optimizers). */
  public static final RuleDescriptor LR_TOO_LOW =
      project(
          "optimizer.lr-too-low",
          WARNING,
          "learning rate below 5e-5",
          "below the guide's ultra-safe 5e-5 a character barely converges in 10 epochs",
          "raise train.lr to 2e-4",
          GUIDE + "Learning Rate");

  /** Learning rate above 5e-4 (non-adaptive optimizers). */
  public static final RuleDescriptor LR_TOO_HIGH =
      project(
          "optimizer.lr-too-high",
          WARNING,
          "learning rate above 5e-4",
          "Qwen is more sensitive than FLUX/SDXL: high rates fry details and overfit",
          "lower train.lr to 2e-4",
          GUIDE + "Learning Rate");

  /** A noise scheduler other than flowmatch. */
  public static final RuleDescriptor SCHEDULER_NOT_FLOWMATCH =
      project(
          "scheduler.not-flowmatch",
          ERROR,
          "noise scheduler is not " + FLOWMATCH,
          "Qwen is a flow-matching model; the timestep logic only runs with flowmatch",
          "set train.noise_scheduler to " + FLOWMATCH,
          AITK + "§2.5");

  /** EMA decay outside 0.99-0.9999. */
  public static final RuleDescriptor EMA_DECAY_OUT_OF_RANGE =
      project(
          "ema.decay-out-of-range",
          WARNING,
          "EMA decay outside "
              + Numbers.decimal(MIN_EMA_DECAY)
              + "-"
              + Numbers.decimal(MAX_EMA_DECAY),
          "below 0.99 EMA barely smooths; at 0.9999 or above it lags thousands of steps"
              + " behind and checkpoints look undertrained",
          "set train.ema_config.ema_decay to 0.999",
          GUIDE + "EMA");

  private OptimizerRules() {}

  static List<Rule<LoraProject>> rules() {
    String lrRange = Numbers.decimal(MIN_LR) + "-" + Numbers.decimal(MAX_LR);
    String emaRange = Numbers.decimal(MIN_EMA_DECAY) + "-" + Numbers.decimal(MAX_EMA_DECAY);
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            LR_TOO_LOW,
            (p, f) -> {
              double lr = p.training().learningRate();
              if (lr > 0 && lr < MIN_LR && !p.training().optimizer().adaptive()) {
                f.report(
                    "train.lr",
                    fmt(
                        "learning rate %s is below the recommended %s",
                        Numbers.decimal(lr), lrRange),
                    "raise train.lr to 0.0002",
                    Numbers.decimal(lr),
                    Numbers.decimal(MIN_LR));
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            LR_TOO_HIGH,
            (p, f) -> {
              double lr = p.training().learningRate();
              if (lr > MAX_LR && !p.training().optimizer().adaptive()) {
                f.report(
                    "train.lr",
                    fmt(
                        "learning rate %s is above %s, where Qwen overfits and fries details",
                        Numbers.decimal(lr), Numbers.decimal(MAX_LR)),
                    "lower train.lr to 0.0002",
                    Numbers.decimal(lr),
                    Numbers.decimal(MAX_LR));
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            SCHEDULER_NOT_FLOWMATCH,
            (p, f) -> {
              String s = p.training().noiseScheduler();
              if (!s.equalsIgnoreCase(FLOWMATCH)) {
                f.report(
                    "train.noise_scheduler",
                    fmt("noise scheduler %s is not %s, which Qwen requires", s, FLOWMATCH),
                    "set train.noise_scheduler to " + FLOWMATCH,
                    s,
                    FLOWMATCH);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            EMA_DECAY_OUT_OF_RANGE,
            (p, f) -> {
              double decay = p.training().ema().decay();
              if (p.training().ema().enabled()
                  && decay >= 0
                  && decay <= 1
                  && (decay < MIN_EMA_DECAY || decay > MAX_EMA_DECAY)) {
                f.report(
                    "train.ema_config.ema_decay",
                    fmt("EMA decay %s is outside %s", Numbers.decimal(decay), emaRange),
                    "set train.ema_config.ema_decay to 0.999",
                    Numbers.decimal(decay),
                    emaRange);
              }
            }));
  }
}
