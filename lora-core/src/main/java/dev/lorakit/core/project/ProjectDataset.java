package dev.lorakit.core.project;

import dev.lorakit.core.dataset.DatasetSnapshot;
import org.immutables.value.Value;

/**
 * A project's dataset as found on disk: the subject of the dataset file rules. The project gives
 * the trigger, the base model (control images) and the training resolutions; folder roles and
 * control folders come from the snapshot's spec.
 *
 * <pre>{@code
 * ValidationReport report =
 *     RuleCatalogue.standard().check(Subjects.DATASET, ProjectDataset.of(project, snapshot));
 * }</pre>
 */
@Value.Immutable
public abstract class ProjectDataset {
  @Value.Parameter
  public abstract LoraProject project();

  @Value.Parameter
  public abstract DatasetSnapshot snapshot();

  public static ProjectDataset of(LoraProject project, DatasetSnapshot snapshot) {
    return ImmutableProjectDataset.of(project, snapshot);
  }
}
