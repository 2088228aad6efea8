package dev.lorakit.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link StepBudget} against ai-toolkit's own loop ({@link AiToolkitLoop}, a transcription of the
 * trainer's code), on datasets whose batches do not divide by the accumulation, the batch size or
 * each other: the cases the older {@code StepBudgetProperties} avoid. A failure prints the case and
 * QuickTheories' seed; replay it with {@code -DQT_SEED=<seed>}.
 */
class StepBudgetLoopProperties {
  private static final int[][] RESOLUTIONS = {
    {1024}, {512}, {768, 1024}, {512, 1024}, {512, 768, 1024}
  };

  /** One generated project: folders of images x repeats, batch, accumulation and length. */
  static final class Case {
    final List<int[]> folders = new ArrayList<>(); // {images, repeats}
    int batch;
    int accumulation;
    boolean legacy;
    int epochs;
    int[] resolutions;

    static Case random(long seed) {
      Random r = new Random(seed);
      Case c = new Case();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        c.folders.add(new int[] {1 + r.nextInt(60), 1 + r.nextInt(30)});
      }
      c.batch = 1 + r.nextInt(5);
      c.accumulation = 2 + r.nextInt(7);
      c.legacy = r.nextInt(4) == 0;
      c.epochs = 1 + r.nextInt(15);
      c.resolutions = RESOLUTIONS[r.nextInt(RESOLUTIONS.length)];
      return c;
    }

    LoraProject project() {
      List<DatasetFolder> spec = new ArrayList<>();
      for (int i = 0; i < folders.size(); i++) {
        int[] f = folders.get(i);
        String name = f[1] + "_ohwx" + (i == 0 ? "" : i == 1 ? "_realbody" : "_closeup");
        spec.add(DatasetFolder.fromFolderName(name).withImageCount(f[0]));
      }
      List<Integer> res = new ArrayList<>();
      for (int x : resolutions) {
        res.add(x);
      }
      return LoraProject.builder()
          .name("p")
          .trigger(TriggerWord.of("ohwx"))
          .dataset(DatasetSpec.builder().addAllFolders(spec).build())
          .training(
              TrainingParameters.builder()
                  .batchSize(batch)
                  .gradientAccumulation(legacy ? 1 : accumulation)
                  .gradientAccumulationSteps(legacy ? accumulation : 1)
                  .resolutions(res)
                  .length(TrainingLength.epochs(epochs))
                  .build())
          .build();
    }

    /** Every dataset entry (one per folder and resolution) as one square bucket of samples. */
    List<List<Long>> entries() {
      List<List<Long>> out = new ArrayList<>();
      for (int[] f : folders) {
        for (int ignored : resolutions) {
          out.add(List.of((long) f[0] * f[1]));
        }
      }
      return out;
    }

    long loaderLength() {
      return AiToolkitLoop.loaderLength(entries(), batch);
    }

    /** Batches one loop step draws: {@code gradient_accumulation} (1 in legacy mode). */
    int drawnPerStep() {
      return legacy ? 1 : accumulation;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int[] f : folders) {
        sb.append(f[0]).append("x").append(f[1]).append(' ');
      }
      return String.format(
          Locale.ROOT,
          "folders(images x repeats) %sbatch %d %s %d epochs %d resolutions %s; loader %d batches",
          sb,
          batch,
          legacy ? "gradient_accumulation_steps" : "gradient_accumulation",
          accumulation,
          epochs,
          java.util.Arrays.toString(resolutions),
          loaderLength());
    }
  }

  private static Gen<Case> cases() {
    return longs().all().map(Case::random).describedAs(Case::toString);
  }

  /** Cases whose batches per epoch are not a multiple of the accumulation (steps or updates). */
  private static boolean nonDivisible(Case c) {
    return c.loaderLength() % c.accumulation != 0;
  }

  @Test
  void batchesPerEpoch_isTheLoaderLengthWithEveryBucketRoundedUp() {
    qt().withGenerateAttempts(100)
        .withExamples(400)
        .forAll(cases())
        .checkAssert(
            c -> {
              StepBudget b = StepBudget.compute(c.project()).orElseThrow();
              assertThat(b.batchesPerEpoch()).isEqualTo(c.loaderLength());
            });
  }

  @Test
  void stepsPerEpoch_underGradientAccumulation_isFractionalNotRoundedUp() {
    qt().withGenerateAttempts(100)
        .withExamples(150)
        .forAll(
            cases()
                .map(
                    c -> {
                      c.legacy = false;
                      return c;
                    })
                .describedAs(Case::toString))
        .assuming(StepBudgetLoopProperties::nonDivisible)
        .checkAssert(
            c -> {
              StepBudget b = StepBudget.compute(c.project()).orElseThrow();
              long loader = c.loaderLength();
              // An epoch boundary falls inside a step (l.2583-2594): one epoch is loader / GA
              // steps.
              assertThat(b.stepsPerEpoch())
                  .isCloseTo((double) loader / c.accumulation, within(1e-9));
              assertThat(b.batchesPerStep()).isEqualTo(c.accumulation);
            });
  }

  @Test
  void totalSteps_forEpochs_isTheFewestStepsTheLoopNeedsToDrawThem() {
    qt().withGenerateAttempts(100)
        .withExamples(400)
        .forAll(cases())
        .assuming(StepBudgetLoopProperties::nonDivisible)
        .checkAssert(
            c -> {
              StepBudget b = StepBudget.compute(c.project()).orElseThrow();
              long loader = c.loaderLength();
              int expected = AiToolkitLoop.stepsForEpochs(loader, c.drawnPerStep(), c.epochs);
              assertThat(b.totalSteps()).isEqualTo(expected);
              AiToolkitLoop.State end =
                  AiToolkitLoop.run(
                      loader, c.drawnPerStep(), c.legacy ? c.accumulation : 1, expected);
              // The last step draws the last batch of the last epoch (and possibly a few of the
              // next).
              assertThat(end.batchesDrawn).isGreaterThanOrEqualTo(c.epochs * loader);
              assertThat(end.batchesDrawn - c.drawnPerStep()).isLessThan(c.epochs * loader);
              assertThat(b.epochs()).isCloseTo((double) end.batchesDrawn / loader, within(1e-9));
            });
  }

  @Test
  void optimizerSteps_andImagesSeen_areWhatTheLoopDoes() {
    qt().withGenerateAttempts(100)
        .withExamples(300)
        .forAll(cases())
        .assuming(StepBudgetLoopProperties::nonDivisible)
        .checkAssert(
            c -> {
              StepBudget b = StepBudget.compute(c.project()).orElseThrow();
              AiToolkitLoop.State end =
                  AiToolkitLoop.run(
                      c.loaderLength(),
                      c.drawnPerStep(),
                      c.legacy ? c.accumulation : 1,
                      b.totalSteps());
              assertThat(b.optimizerSteps()).isEqualTo(end.optimizerSteps);
              assertThat(b.imagesSeen()).isEqualTo(end.batchesDrawn * c.batch);
              assertThat(b.optimizerStepsPerEpoch() * b.epochs())
                  .isCloseTo((double) end.optimizerSteps, within(1.0));
            });
  }

  @Test
  void epochAt_matchesTheLoopsEpochCounterAtEveryStepBoundary() {
    qt().withGenerateAttempts(100)
        .withExamples(60)
        .forAll(cases())
        .assuming(c -> nonDivisible(c) && c.loaderLength() < 2_000)
        .checkAssert(
            c -> {
              StepBudget b = StepBudget.compute(c.project()).orElseThrow();
              long loader = c.loaderLength();
              for (int step = 1; step <= Math.min(b.totalSteps(), 400); step++) {
                AiToolkitLoop.State s = AiToolkitLoop.run(loader, c.drawnPerStep(), 1, step);
                // epoch_num counts restarts of the iterator: full epochs behind the last draw.
                assertThat((int) Math.floor(b.epochAt(step) - 1e-9))
                    .as("step %d", step)
                    .isEqualTo(s.epochNum);
              }
            });
  }
}
