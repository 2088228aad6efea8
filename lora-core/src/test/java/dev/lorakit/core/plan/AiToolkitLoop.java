package dev.lorakit.core.plan;

import java.util.List;

/**
 * ai-toolkit's data loader and training loop, transcribed line by line so that step properties
 * compare lorakit's arithmetic with what the trainer does, not with itself. Line numbers are at
 * ostris/ai-toolkit 27a03a91 (the commit of {@code reference/ai-toolkit-audit.md}).
 *
 * <ul>
 *   <li>{@code toolkit/dataloader_mixins.py} {@code BucketsMixin.build_batch_indices} l.199-210:
 *       each bucket of each dataset is cut into batches of {@code batch_size}; the last, short
 *       batch of a bucket is padded, so a bucket of n samples gives ceil(n / batch) batches.
 *   <li>{@code toolkit/data_loader.py} l.628-631 ({@code AiToolkitDataset.__len__} is the number of
 *       batches) and l.681-738 ({@code ConcatDataset} of every dataset entry; one entry per {@code
 *       resolution}, audit "Step semantics"): an epoch of the loader is the sum over entries.
 *   <li>{@code jobs/process/BaseSDTrainProcess.py} l.2533 {@code for step in range(start,
 *       train.steps)}; l.2565 each step draws {@code gradient_accumulation} batches; l.2583-2594
 *       when the iterator runs out mid-step it is restarted, {@code epoch_num += 1}, and the step
 *       goes on drawing from the next epoch. An epoch boundary can fall inside a step.
 *   <li>Legacy {@code gradient_accumulation_steps: N}: l.102 {@code grad_accumulation_step = 1};
 *       l.2611-2615 the optimizer steps when it is {@code >= N} and it is reset to 0; l.2806 it
 *       grows by one after each step ({@code SDTrainer} l.2273 steps the optimizer only then).
 * </ul>
 */
final class AiToolkitLoop {
  private AiToolkitLoop() {}

  /**
   * Batches of one loader epoch: every dataset entry's buckets, each rounded up to whole batches.
   */
  static long loaderLength(List<List<Long>> bucketsPerEntry, int batchSize) {
    long batches = 0;
    for (List<Long> entry : bucketsPerEntry) {
      for (long samples : entry) {
        for (long start = 0; start < samples; start += batchSize) {
          batches++;
        }
      }
    }
    return batches;
  }

  /** What the loop has done after a number of steps. */
  static final class State {
    long batchesDrawn;
    int epochNum;
    long optimizerSteps;
  }

  /**
   * Runs {@code steps} loop steps over a loader of {@code loaderLength} batches, drawing {@code
   * gradientAccumulation} batches per step, with legacy {@code gradientAccumulationSteps} (1 when
   * unused).
   */
  static State run(
      long loaderLength, int gradientAccumulation, int gradientAccumulationSteps, int steps) {
    State s = new State();
    long left = loaderLength; // batches left in the current iterator
    int gradAccumulationStep = 1; // l.102
    for (int step = 0; step < steps; step++) {
      for (int b = 0; b < gradientAccumulation; b++) { // l.2565
        if (left == 0) { // StopIteration, l.2583-2591
          left = loaderLength;
          s.epochNum++;
        }
        left--;
        s.batchesDrawn++;
      }
      boolean optimizerStep = gradAccumulationStep >= gradientAccumulationSteps; // l.2611-2612
      if (optimizerStep) {
        gradAccumulationStep = 0; // l.2615
        s.optimizerSteps++;
      }
      gradAccumulationStep++; // l.2806
    }
    return s;
  }

  /**
   * The fewest steps after which the loop has drawn every batch of {@code epochs} full epochs: what
   * "train N epochs" means for a trainer whose only length is {@code train.steps}.
   */
  static int stepsForEpochs(long loaderLength, int gradientAccumulation, int epochs) {
    long drawn = 0;
    int steps = 0;
    while (drawn < epochs * loaderLength) {
      drawn += gradientAccumulation; // one more step of l.2565
      steps++;
    }
    return steps;
  }
}
