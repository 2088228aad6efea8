package dev.lorakit.core.plan;

import org.immutables.value.Value;

/** One line of the guide's summary checklist, with what lorakit knows about it. */
@Value.Immutable
public abstract class ChecklistItem {
  /** Where the item belongs in the guide's summary. */
  public enum Phase {
    BEFORE_TRAINING,
    DURING_TRAINING,
    AFTER_TRAINING,
    PRODUCTION
  }

  /** Whether lorakit could decide the item, and how. */
  public enum Status {
    /** lorakit checked it and it holds. */
    DONE,
    /** lorakit checked it and it does not hold. */
    NOT_DONE,
    /** No file can decide it, or the data to decide it was not given (e.g. no scan). */
    BY_HAND
  }

  public abstract Phase phase();

  public abstract String text();

  public abstract Status status();

  /** Why the status is what it is, e.g. {@code 70 character images found}. */
  public abstract String evidence();
}
