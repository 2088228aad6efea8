package dev.lorakit.core.plan;

/** How gradient accumulation counts steps. */
public enum AccumulationMode {
  /** No accumulation: one batch per step, one update per step. */
  NONE("none"),
  /** {@code gradient_accumulation: N}: a step draws N batches and makes one update. */
  PER_STEP("gradient_accumulation"),
  /** Legacy {@code gradient_accumulation_steps: N}: a step is one batch, every N-th updates. */
  LEGACY_STEPS("gradient_accumulation_steps"),
  /**
   * {@code gradient_accumulation_steps: -1}: one update when the training loader runs out, each
   * carrying only the last batch's gradient ({@code BaseSDTrainProcess} l.2590-2596 at 27a03a91;
   * {@code SDTrainer.hook_train_loop} l.2249 zeroes the gradients at every step).
   */
  PER_EPOCH("gradient_accumulation_steps");

  private final String key;

  AccumulationMode(String key) {
    this.key = key;
  }

  /** The trainer key that selects this mode. */
  public String key() {
    return key;
  }
}
