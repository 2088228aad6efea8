package dev.lorakit.core.plan;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How many steps a project trains and what one epoch is, in ai-toolkit's semantics ({@code
 * reference/ai-toolkit.md} §3).
 *
 * <ul>
 *   <li>Every folder is one {@code datasets[]} entry with {@code num_repeats}; every {@code
 *       resolution} entry is another full copy of it.
 *   <li>Batches are formed per dataset copy, rounding up: {@code ceil(images x repeats / batch)}.
 *       Bucketing by real image sizes can add batches; this budget assumes one bucket per copy.
 *   <li>A loop step draws {@code gradient_accumulation} batches and makes one optimizer update. In
 *       the legacy {@code gradient_accumulation_steps: N} mode a loop step is one batch and only
 *       every N-th step updates.
 *   <li>There is no epochs key: {@code train.steps} is the only length. Saves happen at {@code step
 *       % save_every == 0} strictly before the last step; the final file has no step suffix.
 * </ul>
 *
 * <pre>{@code
 * StepBudget budget = StepBudget.compute(project).orElseThrow();
 * budget.totalSteps();      // 8500 for the guide's 3,400 samples, accumulation 4, 10 epochs
 * System.out.println(budget.formula());
 * }</pre>
 */
@Value.Immutable
public abstract class StepBudget {

  /** Images x repeats x resolution entries, summed over training folders. */
  public abstract long samplesPerEpoch();

  /** Batches per epoch, each dataset copy rounded up to whole batches. */
  public abstract long batchesPerEpoch();

  public abstract int batchSize();

  /** Batches one loop step draws ({@code gradient_accumulation}; 1 in legacy mode). */
  public abstract int batchesPerStep();

  /** Loop steps between optimizer updates (the legacy {@code gradient_accumulation_steps}). */
  public abstract int stepsPerUpdate();

  /** {@code train.steps}: the loop steps the trainer runs. */
  public abstract int totalSteps();

  /** {@code save_every} as configured or, when absent, one epoch. */
  public abstract int saveEvery();

  /** Whether the project asked for its length in epochs (else in steps). */
  public abstract boolean lengthFromEpochs();

  /** Loop steps in one epoch; fractional when batches do not divide evenly. */
  @Value.Derived
  public double stepsPerEpoch() {
    return (double) batchesPerEpoch() / batchesPerStep();
  }

  /** The {@code save_every} that equals one epoch, rounded to whole steps (at least 1). */
  @Value.Derived
  public int oneEpochSaveEvery() {
    return (int) Math.max(1, Math.round(stepsPerEpoch()));
  }

  /** Epochs the run covers, fractional when steps are not a whole number of epochs. */
  @Value.Derived
  public double epochs() {
    return totalSteps() / stepsPerEpoch();
  }

  /** Optimizer updates over the run. */
  @Value.Derived
  public long optimizerSteps() {
    return totalSteps() / stepsPerUpdate();
  }

  /** Images the model sees over the run: steps x batches per step x batch size. */
  @Value.Derived
  public long imagesSeen() {
    return (long) totalSteps() * batchesPerStep() * batchSize();
  }

  /**
   * Steps at which a checkpoint file exists at the end: multiples of {@code save_every} strictly
   * below the last step, then the last step itself (the unsuffixed final file).
   */
  @Value.Lazy
  public List<Integer> checkpointSteps() {
    List<Integer> steps = new ArrayList<>();
    for (long s = saveEvery(); s < totalSteps(); s += saveEvery()) {
      steps.add((int) s);
    }
    steps.add(totalSteps());
    return List.copyOf(steps);
  }

  /** Step checkpoints written before the final file: multiples of save_every below the end. */
  @Value.Derived
  public int intermediateCheckpoints() {
    return (totalSteps() - 1) / saveEvery();
  }

  /** The formula with this budget's numbers filled in, one fact per line. */
  public String formula() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "samples/epoch = sum(images x repeats) x resolutions = %d%n",
            samplesPerEpoch()));
    sb.append(
        String.format(
            Locale.ROOT,
            "batches/epoch = sum(ceil(samples per copy / batch %d)) = %d%n",
            batchSize(),
            batchesPerEpoch()));
    if (stepsPerUpdate() > 1) {
      sb.append(
          String.format(
              Locale.ROOT,
              "steps/epoch   = batches/epoch (legacy gradient_accumulation_steps %d: one update every %d steps) = %s%n",
              stepsPerUpdate(),
              stepsPerUpdate(),
              number(stepsPerEpoch())));
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "steps/epoch   = batches/epoch / gradient_accumulation %d = %s%n",
              batchesPerStep(),
              number(stepsPerEpoch())));
    }
    sb.append(
        String.format(
            Locale.ROOT, "total steps   = %d (%s epochs)%n", totalSteps(), number(epochs())));
    sb.append(
        String.format(
            Locale.ROOT, "updates       = steps / %d = %d%n", stepsPerUpdate(), optimizerSteps()));
    sb.append(
        String.format(
            Locale.ROOT,
            "images seen   = steps x %d batches x batch %d = %d%n",
            batchesPerStep(),
            batchSize(),
            imagesSeen()));
    sb.append(
        String.format(
            Locale.ROOT,
            "save_every    = %d (one epoch = %d); %d step checkpoints + the final file",
            saveEvery(),
            oneEpochSaveEvery(),
            intermediateCheckpoints()));
    return sb.toString();
  }

  /**
   * Computes the budget of a project, or empty when an image count of a training folder is unknown
   * (a spec without counts and without a scan).
   */
  public static Optional<StepBudget> compute(LoraProject project) {
    if (!project.dataset().countsKnown() || project.dataset().trainingFolders().isEmpty()) {
      return Optional.empty();
    }
    TrainingParameters t = project.training();
    int batch = Math.max(1, t.batchSize());
    int copies = Math.max(1, t.resolutions().size());
    long samples = 0;
    long batches = 0;
    for (DatasetFolder f : project.dataset().trainingFolders()) {
      long perCopy = f.samplesPerEpoch().orElse(0);
      samples += perCopy * copies;
      batches += ceilDiv(perCopy, batch) * copies;
    }
    if (batches <= 0 || samples <= 0) {
      return Optional.empty();
    }
    boolean legacy = t.gradientAccumulationSteps() > 1;
    int batchesPerStep = legacy ? 1 : Math.max(1, t.gradientAccumulation());
    int stepsPerUpdate = legacy ? t.gradientAccumulationSteps() : 1;
    double stepsPerEpoch = (double) batches / batchesPerStep;
    boolean fromEpochs = t.length().epochs().isPresent() && t.length().steps().isEmpty();
    int total =
        fromEpochs
            ? (int)
                Math.min(
                    Integer.MAX_VALUE, Math.ceil(t.length().epochs().getAsInt() * stepsPerEpoch))
            : t.length().steps().getAsInt();
    int oneEpoch = (int) Math.max(1, Math.round(stepsPerEpoch));
    return Optional.of(
        ImmutableStepBudget.builder()
            .samplesPerEpoch(samples)
            .batchesPerEpoch(batches)
            .batchSize(batch)
            .batchesPerStep(batchesPerStep)
            .stepsPerUpdate(stepsPerUpdate)
            .totalSteps(Math.max(1, total))
            .saveEvery(Math.max(1, t.save().saveEvery().orElse(oneEpoch)))
            .lengthFromEpochs(fromEpochs)
            .build());
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }
}
