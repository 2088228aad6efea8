package dev.lorakit.core.plan;

/** Whose step arithmetic a budget follows. */
public enum TrainerSemantics {
  /**
   * ostris/ai-toolkit: no epochs key, {@code train.steps} loop iterations, every {@code resolution}
   * entry a dataset copy, batches per bucket rounded up, two accumulation modes.
   */
  AI_TOOLKIT,
  /**
   * kohya sd-scripts / musubi-tuner: {@code max_train_epochs x ceil(batches / GA)} optimizer steps,
   * regularisation images padded to the number of training samples.
   */
  KOHYA
}
