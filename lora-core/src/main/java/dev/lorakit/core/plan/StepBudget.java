package dev.lorakit.core.plan;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How many steps a project trains and what one epoch is, with its formula.
 *
 * <p>In ai-toolkit's semantics ({@code reference/ai-toolkit.md} §3): every folder is one {@code
 * datasets[]} entry with {@code num_repeats}; every {@code resolution} entry is another full copy;
 * batches are formed per dataset copy and bucket, rounding up; a loop step draws {@code
 * gradient_accumulation} batches and makes one update, while the legacy {@code
 * gradient_accumulation_steps: N} makes a step one batch and updates every N-th step. There is no
 * epochs key: {@code train.steps} is the only length. Saves happen at {@code step % save_every ==
 * 0} strictly before the last step; the final file has no step suffix.
 *
 * <p>In kohya's semantics ({@code reference/peers.md} §3): steps are optimizer updates, {@code
 * ceil(batches / GA)} per epoch, and regularisation images are padded to the training samples.
 *
 * <pre>{@code
 * StepBudget budget = StepBudget.compute(project).orElseThrow();
 * budget.totalSteps();      // 8500 for the guide's 3,400 samples, accumulation 4, 10 epochs
 * System.out.println(budget.formula());
 * }</pre>
 */
@Value.Immutable
public abstract class StepBudget {

  public abstract TrainerSemantics semantics();

  /** Images x repeats (x resolution entries for ai-toolkit), summed over training folders. */
  public abstract long samplesPerEpoch();

  /** Batches per epoch, each dataset copy and bucket rounded up to whole batches. */
  public abstract long batchesPerEpoch();

  /** Buckets over all dataset copies when real image sizes were given, else 0. */
  public abstract int buckets();

  public abstract int batchSize();

  public abstract AccumulationMode accumulationMode();

  /** N of the accumulation mode (1 for none). */
  public abstract int accumulation();

  /** Loop steps per epoch; fractional when batches do not divide evenly (ai-toolkit). */
  public abstract double stepsPerEpoch();

  /** {@code train.steps} (ai-toolkit) or {@code max_train_steps} (kohya). */
  public abstract int totalSteps();

  /** {@code save_every} as configured or, when absent, one epoch. */
  public abstract int saveEvery();

  /** Whether the project asked for its length in epochs (else in steps). */
  public abstract boolean lengthFromEpochs();

  /** Batches one loop step draws. */
  @Value.Derived
  public int batchesPerStep() {
    return accumulationMode() == AccumulationMode.LEGACY_STEPS ? 1 : accumulation();
  }

  /** Optimizer updates per epoch. */
  @Value.Derived
  public double optimizerStepsPerEpoch() {
    return accumulationMode() == AccumulationMode.LEGACY_STEPS
        ? stepsPerEpoch() / accumulation()
        : stepsPerEpoch();
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
    return accumulationMode() == AccumulationMode.LEGACY_STEPS
        ? totalSteps() / accumulation()
        : totalSteps();
  }

  /** Images the model sees over the run: steps x batches per step x batch size. */
  @Value.Derived
  public long imagesSeen() {
    return (long) totalSteps() * batchesPerStep() * batchSize();
  }

  /** Step checkpoints written before the final file: multiples of save_every below the end. */
  @Value.Derived
  public int intermediateCheckpoints() {
    return (totalSteps() - 1) / saveEvery();
  }

  /**
   * Steps at which a checkpoint file exists at the end: multiples of {@code save_every} strictly
   * below the last step, then the last step itself (the unsuffixed final file). Computed on first
   * use; {@link #intermediateCheckpoints()} counts without building the list.
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

  /** The epoch (1-based, fractional) a step falls in. */
  public double epochAt(int step) {
    return step / stepsPerEpoch();
  }

  /** The formula with this budget's numbers filled in, one fact per line. */
  public String formula() {
    List<String> lines = new ArrayList<>();
    if (semantics() == TrainerSemantics.AI_TOOLKIT) {
      lines.add(
          f(
              "samples/epoch = sum(images x num_repeats) x resolution entries = %d",
              samplesPerEpoch()));
      lines.add(
          f(
              "batches/epoch = sum over copies%s of ceil(samples / batch %d) = %d",
              buckets() > 0 ? " and " + buckets() + " buckets" : "",
              batchSize(),
              batchesPerEpoch()));
      lines.add(
          switch (accumulationMode()) {
            case LEGACY_STEPS ->
                f(
                    "steps/epoch   = batches/epoch (legacy gradient_accumulation_steps %d: a step is"
                        + " one batch, every %d-th updates) = %s",
                    accumulation(), accumulation(), Numbers.rounded(stepsPerEpoch()));
            case PER_STEP ->
                f(
                    "steps/epoch   = batches/epoch / gradient_accumulation %d = %s",
                    accumulation(), Numbers.rounded(stepsPerEpoch()));
            case NONE -> f("steps/epoch   = batches/epoch = %s", Numbers.rounded(stepsPerEpoch()));
          });
    } else {
      lines.add(
          f("samples/epoch = sum(images x num_repeats) (reg padded) = %d", samplesPerEpoch()));
      lines.add(
          f("batches/epoch = sum(ceil(samples / batch %d)) = %d", batchSize(), batchesPerEpoch()));
      lines.add(
          f(
              "steps/epoch   = ceil(batches/epoch / gradient_accumulation_steps %d) = %s",
              accumulation(), Numbers.rounded(stepsPerEpoch())));
    }
    lines.add(f("total steps   = %d (%s epochs)", totalSteps(), Numbers.rounded(epochs())));
    lines.add(
        f(
            "updates       = %d (%s per epoch)",
            optimizerSteps(), Numbers.rounded(optimizerStepsPerEpoch())));
    lines.add(
        f(
            "images seen   = steps x %d batches x batch %d = %d",
            batchesPerStep(), batchSize(), imagesSeen()));
    lines.add(
        f(
            "save_every    = %d (one epoch = %d); %d step checkpoints + the final file",
            saveEvery(), oneEpochSaveEvery(), intermediateCheckpoints()));
    return String.join("\n", lines);
  }

  /**
   * The ai-toolkit budget of a project without real image sizes (one bucket per dataset copy), or
   * empty when an image count of a training folder is unknown.
   */
  public static Optional<StepBudget> compute(LoraProject project) {
    return compute(project, TrainerSemantics.AI_TOOLKIT, Map.of());
  }

  /**
   * The budget in the given semantics. {@code sizes} maps a folder path to the sizes of its images;
   * for a folder with sizes, batches are counted per bucket, otherwise the folder's declared image
   * count is used as one bucket.
   */
  public static Optional<StepBudget> compute(
      LoraProject project, TrainerSemantics semantics, Map<String, List<ImageSize>> sizes) {
    TrainingParameters t = project.training();
    int batch = Math.max(1, t.batchSize());
    List<DatasetFolder> folders = new ArrayList<>();
    for (DatasetFolder f : project.dataset().trainingFolders()) {
      if (f.imageCount().isEmpty() && !sizes.containsKey(f.path())) {
        return Optional.empty();
      }
      folders.add(f);
    }
    boolean kohya = semantics == TrainerSemantics.KOHYA;
    List<Integer> resolutions =
        kohya || t.resolutions().isEmpty()
            ? List.of(t.resolutions().stream().mapToInt(i -> i).max().orElse(1024))
            : t.resolutions();
    long samples = 0;
    long batches = 0;
    int bucketCount = 0;
    long regularization = 0;
    for (DatasetFolder f : folders) {
      long repeats = Math.max(0, f.repeats());
      List<ImageSize> imageSizes = sizes.get(f.path());
      for (int resolution : resolutions) {
        Map<ImageSize, Long> perBucket = new HashMap<>();
        if (imageSizes != null) {
          for (ImageSize size : imageSizes) {
            perBucket.merge(
                size.bucket(Math.max(1, resolution), project.baseModel().bucketDivisibility()),
                repeats,
                Long::sum);
          }
          bucketCount += perBucket.size();
        } else {
          perBucket.put(
              ImageSize.of(resolution, resolution),
              repeats * Math.max(0, f.imageCount().getAsInt()));
        }
        for (long count : perBucket.values()) {
          if (kohya && f.role() == FolderRole.REGULARIZATION) {
            regularization += count;
            continue;
          }
          samples += count;
          batches += ceilDiv(count, batch);
        }
      }
    }
    if (kohya && regularization > 0) {
      // sd-scripts pads regularisation samples round-robin to the number of training samples.
      long padded = samples;
      samples += padded;
      batches += ceilDiv(padded, batch);
    }
    if (batches <= 0 || samples <= 0) {
      return Optional.empty();
    }
    AccumulationMode mode;
    int n;
    if (!kohya && t.gradientAccumulationSteps() > 1) {
      mode = AccumulationMode.LEGACY_STEPS;
      n = t.gradientAccumulationSteps();
    } else {
      n =
          Math.max(
              1,
              kohya
                  ? Math.max(t.gradientAccumulation(), t.gradientAccumulationSteps())
                  : t.gradientAccumulation());
      mode = n > 1 ? AccumulationMode.PER_STEP : AccumulationMode.NONE;
    }
    double stepsPerEpoch =
        kohya
            ? ceilDiv(batches, n)
            : mode == AccumulationMode.PER_STEP ? (double) batches / n : (double) batches;
    boolean fromEpochs = t.length().epochs().isPresent() && t.length().steps().isEmpty();
    long total =
        fromEpochs
            // In whole numbers: epochs x (batches / n) in doubles can land just above an integer
            // (15 x 809 / 3 = 4045.0000000000005) and add a step the loop does not need.
            ? (!kohya && mode == AccumulationMode.PER_STEP
                ? ceilDiv(t.length().epochs().getAsInt() * batches, n)
                : (long) Math.ceil(t.length().epochs().getAsInt() * stepsPerEpoch))
            : t.length().steps().getAsInt();
    int oneEpoch = (int) Math.max(1, Math.round(stepsPerEpoch));
    return Optional.of(
        ImmutableStepBudget.builder()
            .semantics(semantics)
            .samplesPerEpoch(samples)
            .batchesPerEpoch(batches)
            .buckets(bucketCount)
            .batchSize(batch)
            .accumulationMode(mode)
            .accumulation(n)
            .stepsPerEpoch(stepsPerEpoch)
            .totalSteps((int) Math.max(1, Math.min(Integer.MAX_VALUE, total)))
            .saveEvery(Math.max(1, t.save().saveEvery().orElse(oneEpoch)))
            .lengthFromEpochs(fromEpochs)
            .build());
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
