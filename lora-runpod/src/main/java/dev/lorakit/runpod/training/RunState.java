package dev.lorakit.runpod.training;

/** Where a training run stands; persisted in the run file. */
public enum RunState {
  STARTING,
  POD_READY,
  TRAINING,
  COMPLETED,
  FAILED,
  CANCELLED,
  COST_CAP,
  TIME_CAP,
  /** Stopped early by a red flag at the {@code stopOn} severity. */
  RED_FLAG;

  public boolean isTerminal() {
    return this != STARTING && this != POD_READY && this != TRAINING;
  }
}
