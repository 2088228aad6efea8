package dev.lorakit.core.plan;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How many steps a project trains and what one epoch is, with its formula.
 *
 * <p>In ai-toolkit's semantics ({@code reference/ai-toolkit-audit.md}, ai-toolkit 27a03a91): every
 * folder is one {@code datasets[]} entry with {@code num_repeats}; every {@code resolution} entry
 * is another full copy; batches are formed per dataset copy and bucket ({@link
 * ImageSize#bucket(int, int)}), each bucket rounded up and padded ({@code dataloader_mixins.py}
 * l.199-210); a loop step draws {@code gradient_accumulation} batches and makes one update, while
 * the legacy {@code gradient_accumulation_steps: N} makes a step one batch and updates every N-th
 * step, and {@code -1} updates once per epoch. Regularisation folders ({@code is_reg}) have their
 * own loader: every even loop step that is neither a save nor a sample step draws from it instead
 * ({@code BaseSDTrainProcess} l.2569), so an epoch of the training data takes about twice the loop
 * steps. There is no epochs key: {@code train.steps} is the only length. Saves happen at {@code
 * step % save_every == 0} strictly before the last step; the final file has no step suffix.
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

  /**
   * Images x repeats (x resolution entries for ai-toolkit), summed over training folders; not
   * regularisation folders, which have their own loader in ai-toolkit.
   */
  public abstract long samplesPerEpoch();

  /** Batches per epoch of the training loader, each dataset copy and bucket rounded up. */
  public abstract long batchesPerEpoch();

  /** Samples per epoch of the regularisation loader (ai-toolkit); 0 without {@code is_reg}. */
  @Value.Default
  public long regularizationSamplesPerEpoch() {
    return 0;
  }

  /** Batches per epoch of the regularisation loader (ai-toolkit); 0 without {@code is_reg}. */
  @Value.Default
  public long regularizationBatchesPerEpoch() {
    return 0;
  }

  /** Buckets over all dataset copies when real image sizes were given, else 0. */
  public abstract int buckets();

  public abstract int batchSize();

  public abstract AccumulationMode accumulationMode();

  /** N of the accumulation mode (1 for none and for {@code -1}). */
  public abstract int accumulation();

  /**
   * Loop steps per epoch of the training data; fractional when batches do not divide evenly. With a
   * regularisation loader it is the run's average ({@code totalSteps / epochs}).
   */
  public abstract double stepsPerEpoch();

  /** {@code train.steps} (ai-toolkit) or {@code max_train_steps} (kohya). */
  public abstract int totalSteps();

  /** {@code save_every} as configured or, when absent, {@link #oneEpochSaveEvery()}. */
  public abstract int saveEvery();

  /** {@code sample_every} as configured or, when absent, {@link #oneEpochSaveEvery()}. */
  @Value.Default
  public int sampleEvery() {
    return saveEvery();
  }

  /** Whether the project asked for its length in epochs (else in steps). */
  public abstract boolean lengthFromEpochs();

  /**
   * The {@code save_every} that equals one epoch of the training data, in whole loop steps (at
   * least 1).
   */
  public abstract int oneEpochSaveEvery();

  /** Epochs of the training data the run goes through, fractional when it ends mid-epoch. */
  public abstract double epochs();

  /** Optimizer updates over the run. */
  public abstract long optimizerSteps();

  /** Loop steps that draw from the training loader (all of them without regularisation). */
  public abstract long trainingLoopSteps();

  /** Batches one loop step draws. */
  @Value.Derived
  public int batchesPerStep() {
    return accumulationMode() == AccumulationMode.PER_STEP ? accumulation() : 1;
  }

  /** Whether a regularisation loader takes the even loop steps (ai-toolkit). */
  @Value.Derived
  public boolean regularized() {
    return semantics() == TrainerSemantics.AI_TOOLKIT && regularizationBatchesPerEpoch() > 0;
  }

  /** Optimizer updates per epoch of the training data. */
  @Value.Derived
  public double optimizerStepsPerEpoch() {
    return epochs() <= 0 ? 0 : optimizerSteps() / epochs();
  }

  /** Training images the model sees over the run: training steps x batches per step x batch. */
  @Value.Derived
  public long imagesSeen() {
    return trainingLoopSteps() * batchesPerStep() * batchSize();
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

  /** The epoch (fractional) a step falls in: steps over steps per epoch. */
  public double epochAt(int step) {
    return step / stepsPerEpoch();
  }

  /**
   * The {@code training_info.epoch} ai-toolkit records in the checkpoint file of a step (the
   * unsuffixed final file for {@code step >= totalSteps()}). The file {@code _<s>} is written after
   * loop index {@code s}, that is after {@code s + 1} steps ({@code BaseSDTrainProcess} l.2533-2716
   * at 27a03a91), and {@code epoch_num} goes up only when the training iterator runs out on a later
   * draw (l.2591): after {@code d} batches of a loader of {@code B} it is {@code floor((d - 1) /
   * B)}. A 10-epoch run's final file therefore records epoch 9. Kohya budgets return the rounded
   * epoch, at least 1.
   */
  public int recordedEpochAt(int step) {
    if (semantics() == TrainerSemantics.KOHYA) {
      return (int) Math.max(1, Math.round(epochAt(step)));
    }
    long last = Math.min((long) step, (long) totalSteps() - 1);
    long draws = trainingStepsThrough(last) * batchesPerStep();
    return draws <= 0 ? 0 : (int) ((draws - 1) / batchesPerEpoch());
  }

  /**
   * Loop steps in {@code [0, step]} that draw from the training loader: with a regularisation
   * loader, the odd steps and the even steps that are save or sample steps (step 0 is both).
   */
  public long trainingStepsThrough(long step) {
    if (step < 0) {
      return 0;
    }
    if (!regularized()) {
      return step + 1;
    }
    return trainingStepsThrough(step, saveEvery(), sampleEvery());
  }

  private static long trainingStepsThrough(long s, long save, long sample) {
    long odd = (s + 1) / 2;
    long a = lcm(2, save);
    long b = lcm(2, sample);
    long ab = lcm(a, b);
    return odd + (s / a + 1) + (s / b + 1) - (s / ab + 1);
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
      double trainingSteps = (double) batchesPerEpoch() / batchesPerStep();
      switch (accumulationMode()) {
        case LEGACY_STEPS:
          lines.add(
              f(
                  "steps/epoch   = batches/epoch (legacy gradient_accumulation_steps %d: a step is"
                      + " one batch, every %d-th updates) = %s",
                  accumulation(), accumulation(), Numbers.rounded(trainingSteps)));
          break;
        case PER_EPOCH:
          lines.add(
              f(
                  "steps/epoch   = batches/epoch (gradient_accumulation_steps -1: one update when"
                      + " the loader runs out) = %s",
                  Numbers.rounded(trainingSteps)));
          break;
        case PER_STEP:
          lines.add(
              f(
                  "steps/epoch   = batches/epoch / gradient_accumulation %d = %s",
                  accumulation(), Numbers.rounded(trainingSteps)));
          break;
        case NONE:
          lines.add(f("steps/epoch   = batches/epoch = %s", Numbers.rounded(trainingSteps)));
          break;
      }
      if (regularized()) {
        lines.add(
            f(
                "regularisation: own loader, %d samples = %d batches/epoch; it takes every even"
                    + " step that is not a save or sample step, so %d of %d steps train on the"
                    + " training folders",
                regularizationSamplesPerEpoch(),
                regularizationBatchesPerEpoch(),
                trainingLoopSteps(),
                totalSteps()));
      }
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
            "images seen   = %d training steps x %d batches x batch %d = %d",
            trainingLoopSteps(), batchesPerStep(), batchSize(), imagesSeen()));
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

  /** The budget in the given semantics for the project's trainer build. */
  public static Optional<StepBudget> compute(
      LoraProject project, TrainerSemantics semantics, Map<String, List<ImageSize>> sizes) {
    return compute(project, semantics, sizes, project.trainerVersion());
  }

  /**
   * The budget in the given semantics. {@code sizes} maps a folder path to the sizes of its images;
   * for a folder with sizes, batches are counted per bucket of the given trainer build, otherwise
   * the folder's declared image count is used as one bucket.
   */
  public static Optional<StepBudget> compute(
      LoraProject project,
      TrainerSemantics semantics,
      Map<String, List<ImageSize>> sizes,
      TrainerVersion trainer) {
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
    long regBatches = 0;
    for (DatasetFolder f : folders) {
      long repeats = Math.max(0, f.repeats());
      List<ImageSize> imageSizes = sizes.get(f.path());
      boolean reg = f.role() == FolderRole.REGULARIZATION;
      for (int resolution : resolutions) {
        Map<ImageSize, Long> perBucket = new HashMap<>();
        if (imageSizes != null) {
          for (ImageSize size : imageSizes) {
            perBucket.merge(
                size.bucket(
                    Math.max(1, resolution), project.baseModel().bucketDivisibility(), trainer),
                repeats,
                Long::sum);
          }
          if (!reg) {
            bucketCount += perBucket.size();
          }
        } else {
          perBucket.put(
              ImageSize.of(resolution, resolution),
              repeats * Math.max(0, f.imageCount().getAsInt()));
        }
        for (long count : perBucket.values()) {
          if (reg) {
            regularization += count;
            regBatches += ceilDiv(count, batch);
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
      regularization = 0;
      regBatches = 0;
    }
    if (batches <= 0 || samples <= 0) {
      return Optional.empty();
    }
    AccumulationMode mode;
    int n;
    if (!kohya && t.gradientAccumulationSteps() > 1) {
      mode = AccumulationMode.LEGACY_STEPS;
      n = t.gradientAccumulationSteps();
    } else if (!kohya && t.gradientAccumulationSteps() == -1) {
      mode = AccumulationMode.PER_EPOCH;
      n = 1;
    } else {
      n =
          Math.max(
              1,
              kohya
                  ? Math.max(t.gradientAccumulation(), t.gradientAccumulationSteps())
                  : t.gradientAccumulation());
      mode = n > 1 ? AccumulationMode.PER_STEP : AccumulationMode.NONE;
    }
    boolean fromEpochs = t.length().epochs().isPresent() && t.length().steps().isEmpty();
    ImmutableStepBudget.Builder b =
        ImmutableStepBudget.builder()
            .semantics(semantics)
            .samplesPerEpoch(samples)
            .batchesPerEpoch(batches)
            .regularizationSamplesPerEpoch(regularization)
            .regularizationBatchesPerEpoch(regBatches)
            .buckets(bucketCount)
            .batchSize(batch)
            .accumulationMode(mode)
            .accumulation(n)
            .lengthFromEpochs(fromEpochs);
    if (kohya) {
      double stepsPerEpoch = ceilDiv(batches, n);
      long total =
          fromEpochs
              ? (long) Math.ceil(t.length().epochs().getAsInt() * stepsPerEpoch)
              : t.length().steps().getAsInt();
      int steps = clamp(total);
      int oneEpoch = (int) Math.max(1, Math.round(stepsPerEpoch));
      return Optional.of(
          b.stepsPerEpoch(stepsPerEpoch)
              .totalSteps(steps)
              .saveEvery(Math.max(1, t.save().saveEvery().orElse(oneEpoch)))
              .oneEpochSaveEvery(oneEpoch)
              .epochs(steps / stepsPerEpoch)
              .optimizerSteps(steps)
              .trainingLoopSteps(steps)
              .build());
    }
    int perStep = mode == AccumulationMode.PER_STEP ? n : 1;
    // loop steps that draw from the training loader per epoch of it
    double trainingStepsPerEpoch = (double) batches / perStep;
    boolean reg = regBatches > 0;
    OptionalInt sampleSetting = project.sampling().sampleEvery();
    int oneEpoch;
    if (!reg) {
      oneEpoch = (int) Math.max(1, Math.round(trainingStepsPerEpoch));
    } else {
      // the smallest save_every whose window holds one epoch of training steps, with samples at
      // the same steps unless sample_every is set
      // the count is non-decreasing in s (floor(s/2) + 1 + floor((s-1)/lcm(2, sample_every))),
      // so a binary search finds it; s = 2 x wanted + 2 always holds wanted
      long wanted = Math.max(1, Math.round(trainingStepsPerEpoch));
      long lo = 2;
      long hi = 2 * wanted + 2;
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        long sample = sampleSetting.isPresent() ? sampleSetting.getAsInt() : mid;
        if (trainingStepsThrough(mid - 1, mid, sample) >= wanted) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      oneEpoch = clamp(lo);
    }
    int saveEvery = Math.max(1, t.save().saveEvery().orElse(oneEpoch));
    int sampleEvery = Math.max(1, sampleSetting.orElse(oneEpoch));
    long total;
    if (!fromEpochs) {
      total = t.length().steps().getAsInt();
    } else {
      // In whole numbers: epochs x (batches / n) in doubles can land just above an integer
      // (15 x 809 / 3 = 4045.0000000000005) and add a step the loop does not need.
      long wantedTrainingSteps = ceilDiv((long) t.length().epochs().getAsInt() * batches, perStep);
      if (!reg) {
        total = wantedTrainingSteps;
      } else {
        // smallest N whose steps [0, N) hold the wanted training steps
        long lo = Math.max(1, wantedTrainingSteps);
        long hi = 2 * wantedTrainingSteps + 2;
        while (lo < hi) {
          long mid = (lo + hi) >>> 1;
          if (trainingStepsThrough(mid - 1, saveEvery, sampleEvery) >= wantedTrainingSteps) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        total = lo;
      }
    }
    int steps = clamp(total);
    long trainingSteps =
        reg ? trainingStepsThrough((long) steps - 1, saveEvery, sampleEvery) : steps;
    double epochs = (double) trainingSteps * perStep / batches;
    long updates =
        switch (mode) {
          case LEGACY_STEPS -> steps / n;
          // one update per roll-over of the training iterator: floor((draws - 1) / batches)
          case PER_EPOCH -> (trainingSteps - 1) / batches;
          case PER_STEP, NONE -> steps;
        };
    return Optional.of(
        b.stepsPerEpoch(reg ? steps / epochs : trainingStepsPerEpoch)
            .totalSteps(steps)
            .saveEvery(saveEvery)
            .sampleEvery(sampleEvery)
            .oneEpochSaveEvery(oneEpoch)
            .epochs(epochs)
            .optimizerSteps(updates)
            .trainingLoopSteps(trainingSteps)
            .build());
  }

  private static int clamp(long total) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, total));
  }

  private static long lcm(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long r = x % y;
      x = y;
      y = r;
    }
    return a / x * b;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
