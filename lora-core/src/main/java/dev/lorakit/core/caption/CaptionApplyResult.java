package dev.lorakit.core.caption;

import java.util.List;
import org.immutables.value.Value;

/** What {@link CaptionEditPlan#apply()} did: files written, and files skipped with the reason. */
@Value.Immutable
public abstract class CaptionApplyResult {

  /** Paths rewritten, in path order. */
  public abstract List<String> written();

  /** Files left as they were: changed on disk since planning, or a write that failed. */
  public abstract List<SkippedCaption> skipped();

  public static ImmutableCaptionApplyResult.Builder builder() {
    return ImmutableCaptionApplyResult.builder();
  }

  public boolean complete() {
    return skipped().isEmpty();
  }
}
