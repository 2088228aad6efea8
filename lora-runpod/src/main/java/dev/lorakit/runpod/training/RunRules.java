package dev.lorakit.runpod.training;

import dev.lorakit.core.dataset.PerceptualHash;
import dev.lorakit.core.rules.DuplicateRules;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The guide's red flags ("Training Execution, Monitoring") as rules over a running training. The
 * guide names the symptoms but no numbers; the thresholds below are lorakit's and are stated in
 * each message.
 *
 * <pre>{@code
 * ValidationReport flags = RuleCatalogue.standard().check(RunRules.RUN, snapshot);
 * }</pre>
 */
public final class RunRules {
  /** The subject of every rule here: a snapshot of one training run. */
  public static final Subject<RunSnapshot> RUN =
      Subject.of("run", 50, "Training run rules", RunSnapshot.class);

  private static final String GUIDE = "guide: ";

  /** The loss key ai-toolkit logs every step (BaseSDTrainProcess). */
  public static final String LOSS_KEY = "loss/loss";

  /** The guide's "early": a plateau before this step means underfitting. */
  public static final int PLATEAU_BEFORE_STEP = 1000;

  /** Steps per window compared for a plateau. */
  public static final int PLATEAU_WINDOW = 200;

  /** A window whose mean loss fell less than this fraction counts as flat. */
  public static final double PLATEAU_MIN_DECREASE = 0.01;

  /** A loss above this multiple of the median of the points before it is a spike. */
  public static final double SPIKE_FACTOR = 3.0;

  static final int SPIKE_HISTORY = 20;

  /** Sample saturation this far above the dataset's mean (0-1 scale) is extreme. */
  public static final double SATURATION_MARGIN = 0.25;

  /** GPU memory that moves more than this fraction of the card while training is unstable. */
  public static final double VRAM_SWING = 0.10;

  /** Monitor samples skipped at the start (model load, caching). */
  static final int VRAM_WARMUP_SAMPLES = 3;

  public static final RuleDescriptor LOSS_NAN =
      d(
          "run.loss-nan",
          Severity.ERROR,
          "the loss is NaN or infinite",
          "a NaN loss never recovers: every later step trains on NaN gradients and the LoRA is"
              + " destroyed from that step on",
          "stop the run, keep the checkpoints before the step, and lower train.lr",
          GUIDE + "Monitoring (loss spiking); ai-toolkit toolkit/logging_aitk.py _coerce_value");

  public static final RuleDescriptor LOSS_SPIKE =
      d(
          "run.loss-spike",
          Severity.WARNING,
          "a loss point above "
              + SPIKE_FACTOR
              + "x the median of the "
              + SPIKE_HISTORY
              + " before it",
          "the guide wants the loss decreasing steadily, not spiking; spikes mean a too high"
              + " learning rate or a broken image",
          "lower train.lr to 1e-4, or find the broken image of that step",
          GUIDE + "Monitoring, Watch for");

  public static final RuleDescriptor LOSS_PLATEAU =
      d(
          "run.loss-plateau",
          Severity.WARNING,
          "the loss stopped falling before step " + PLATEAU_BEFORE_STEP,
          "a plateau before 1,000 steps means underfitting: the character is not being learnt",
          "raise train.lr to 3e-4 or train more epochs; check the captions carry the trigger",
          GUIDE + "Monitoring, Red flags; Troubleshooting #6");

  public static final RuleDescriptor SAMPLES_MEMORISED =
      d(
          "run.samples-memorised",
          Severity.WARNING,
          "a trainer sample is a near copy of a training image (perceptual hash)",
          "samples identical to the training images mean overfitting: the LoRA memorises instead of"
              + " generalising",
          "use an earlier checkpoint, lower train.lr, add variety to the dataset",
          GUIDE + "Monitoring, Red flags; Troubleshooting #5");

  public static final RuleDescriptor SAMPLES_OVERSATURATED =
      d(
          "run.samples-oversaturated",
          Severity.WARNING,
          "the samples' colour saturation is far above the dataset's",
          "extreme colour saturation means the learning rate is too high",
          "stop, keep the earlier checkpoints and lower train.lr to 1e-4",
          GUIDE + "Monitoring, Red flags");

  public static final RuleDescriptor VRAM_UNSTABLE =
      d(
          "run.vram-unstable",
          Severity.WARNING,
          "GPU memory used swings by more than " + Math.round(VRAM_SWING * 100) + "% of the card",
          "VRAM should be stable while training; growth means a leak or bucket sizes that will end"
              + " in out-of-memory",
          "cache latents and text embeddings, lower the largest resolution, or pick a larger GPU",
          GUIDE + "Summary Checklist, During Training");

  static final List<RuleDescriptor> DESCRIPTORS =
      List.of(
          LOSS_NAN,
          LOSS_SPIKE,
          LOSS_PLATEAU,
          SAMPLES_MEMORISED,
          SAMPLES_OVERSATURATED,
          VRAM_UNSTABLE);

  static final Rule<RunSnapshot> LOSS =
      Rule.group(RUN, List.of(LOSS_NAN, LOSS_SPIKE, LOSS_PLATEAU), RunRules::checkLoss);

  static final Rule<RunSnapshot> SAMPLES =
      Rule.group(RUN, List.of(SAMPLES_MEMORISED, SAMPLES_OVERSATURATED), RunRules::checkSamples);

  static final Rule<RunSnapshot> VRAM = Rule.of(RUN, VRAM_UNSTABLE, RunRules::checkVram);

  private RunRules() {}

  /** Every red-flag rule, as the catalogue registers them. */
  public static List<Rule<?>> rules() {
    return List.of(LOSS, SAMPLES, VRAM);
  }

  private static void checkLoss(RunSnapshot s, Findings findings) {
    List<Double> history = new ArrayList<>();
    boolean nan = false;
    boolean spike = false;
    for (RunSnapshot.Loss p : s.loss()) {
      OptionalDouble v = p.value();
      if (v.isEmpty() || !Double.isFinite(v.getAsDouble())) {
        if (!nan) {
          findings
              .about(LOSS_NAN)
              .report(
                  LOSS_KEY,
                  String.format(Locale.ROOT, "loss at step %d is NaN or infinite", p.step()),
                  "stop the run and lower train.lr; the checkpoints before step "
                      + p.step()
                      + " are the last good ones",
                  "NaN",
                  "a finite loss");
          nan = true;
        }
        continue;
      }
      double value = v.getAsDouble();
      if (!spike && history.size() >= SPIKE_HISTORY / 2) {
        double median =
            median(history.subList(Math.max(0, history.size() - SPIKE_HISTORY), history.size()));
        if (median > 0 && value > SPIKE_FACTOR * median) {
          findings
              .about(LOSS_SPIKE)
              .report(
                  LOSS_KEY,
                  String.format(
                      Locale.ROOT,
                      "loss %.4f at step %d is %.1fx the median %.4f of the %d points before",
                      value,
                      p.step(),
                      value / median,
                      median,
                      Math.min(SPIKE_HISTORY, history.size())),
                  "lower train.lr to 1e-4 if spikes repeat; look for a broken image",
                  value,
                  SPIKE_FACTOR * median);
          spike = true;
        }
      }
      history.add(value);
    }
    checkPlateau(s, findings);
  }

  private static void checkPlateau(RunSnapshot s, Findings findings) {
    int last = Math.min(s.step(), PLATEAU_BEFORE_STEP);
    if (last < 2 * PLATEAU_WINDOW || s.totalSteps() <= 2 * PLATEAU_WINDOW) {
      return;
    }
    OptionalDouble recent = mean(s, last - PLATEAU_WINDOW, last);
    OptionalDouble before = mean(s, last - 2 * PLATEAU_WINDOW, last - PLATEAU_WINDOW);
    if (recent.isEmpty() || before.isEmpty() || !(before.getAsDouble() > 0)) {
      return;
    }
    double decrease = 1 - recent.getAsDouble() / before.getAsDouble();
    if (decrease < PLATEAU_MIN_DECREASE) {
      findings
          .about(LOSS_PLATEAU)
          .report(
              LOSS_KEY,
              String.format(
                  Locale.ROOT,
                  "mean loss %.4f over steps %d-%d fell %.1f%% from %.4f over steps %d-%d, under"
                      + " %.0f%% before step %d",
                  recent.getAsDouble(),
                  last - PLATEAU_WINDOW,
                  last,
                  decrease * 100,
                  before.getAsDouble(),
                  last - 2 * PLATEAU_WINDOW,
                  last - PLATEAU_WINDOW,
                  PLATEAU_MIN_DECREASE * 100,
                  PLATEAU_BEFORE_STEP),
              "raise train.lr to 3e-4 or train more epochs; check the captions carry the trigger",
              String.format(Locale.ROOT, "%.4f", recent.getAsDouble()),
              String.format(
                  Locale.ROOT, "%.4f", before.getAsDouble() * (1 - PLATEAU_MIN_DECREASE)));
    }
  }

  private static OptionalDouble mean(RunSnapshot s, int fromExclusive, int toInclusive) {
    return s.loss().stream()
        .filter(p -> p.step() > fromExclusive && p.step() <= toInclusive)
        .filter(p -> p.value().isPresent() && Double.isFinite(p.value().getAsDouble()))
        .mapToDouble(p -> p.value().getAsDouble())
        .average();
  }

  private static void checkSamples(RunSnapshot s, Findings findings) {
    int bound = DuplicateRules.DEFAULT_NEAR_DUPLICATE_DISTANCE;
    for (ImageStats sample : s.samples()) {
      for (ImageStats image : s.dataset()) {
        int distance = PerceptualHash.distance(sample.dHash(), image.dHash());
        if (distance <= bound) {
          findings
              .about(SAMPLES_MEMORISED)
              .report(
                  "samples/" + sample.name(),
                  String.format(
                      Locale.ROOT,
                      "sample at step %d is %d bits from training image %s (at most %d is a copy)",
                      sample.step(),
                      distance,
                      image.name(),
                      bound),
                  "use a checkpoint before step " + sample.step() + " and lower train.lr",
                  distance,
                  bound);
          break;
        }
      }
    }
    OptionalDouble dataset = s.datasetSaturation();
    if (dataset.isEmpty()) {
      return;
    }
    Map<Integer, List<ImageStats>> byStep = new TreeMap<>();
    s.samples().forEach(x -> byStep.computeIfAbsent(x.step(), k -> new ArrayList<>()).add(x));
    for (Map.Entry<Integer, List<ImageStats>> e : byStep.entrySet()) {
      double mean = e.getValue().stream().mapToDouble(ImageStats::saturation).average().orElse(0);
      double limit = dataset.getAsDouble() + SATURATION_MARGIN;
      if (mean > limit) {
        findings
            .about(SAMPLES_OVERSATURATED)
            .report(
                "samples@" + e.getKey(),
                String.format(
                    Locale.ROOT,
                    "samples at step %d have mean saturation %.2f, above the dataset's %.2f + %.2f",
                    e.getKey(),
                    mean,
                    dataset.getAsDouble(),
                    SATURATION_MARGIN),
                "lower train.lr to 1e-4 and keep the checkpoints before step " + e.getKey(),
                String.format(Locale.ROOT, "%.2f", mean),
                String.format(Locale.ROOT, "%.2f", limit));
      }
    }
  }

  private static void checkVram(RunSnapshot s, Findings findings) {
    List<Double> used = s.memoryUsedMb();
    if (used.size() <= VRAM_WARMUP_SAMPLES + 1 || !(s.memoryTotalMb() > 0)) {
      return;
    }
    List<Double> training = used.subList(VRAM_WARMUP_SAMPLES, used.size());
    double min = training.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = training.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double swing = (max - min) / s.memoryTotalMb();
    if (swing > VRAM_SWING) {
      findings.report(
          "gpu.memory.used",
          String.format(
              Locale.ROOT,
              "GPU memory used moved from %.0f to %.0f MiB, %.0f%% of %.0f MiB (at most %.0f%%)",
              min,
              max,
              swing * 100,
              s.memoryTotalMb(),
              VRAM_SWING * 100),
          "cache latents and text embeddings, lower the largest resolution, or pick a larger GPU",
          String.format(Locale.ROOT, "%.0f", max - min),
          String.format(Locale.ROOT, "%.0f", VRAM_SWING * s.memoryTotalMb()));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(RUN)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
