package dev.lorakit.core.plan;

import dev.lorakit.core.project.LoraProject;
import java.util.List;
import org.immutables.value.Value;

/**
 * What the advisor recommends for a set of symptoms: the adjusted project, the parameter changes,
 * the dataset and inference actions no parameter expresses, and how conflicts were resolved.
 */
@Value.Immutable
public abstract class TuningAdvice {
  public abstract LoraProject project();

  public abstract List<TuningChange> changes();

  /** Things to do by hand: curate images, caption backgrounds, use an earlier checkpoint. */
  public abstract List<String> actions();

  /** Contradictory recommendations and which one won, with the reason. */
  public abstract List<String> resolutions();
}
