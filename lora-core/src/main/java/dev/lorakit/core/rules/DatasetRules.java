package dev.lorakit.core.rules;

import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.ProjectDataset;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * File-level rules: what a {@link DatasetSnapshot} says about every image and caption. Every
 * violation's path is the dataset-relative file or folder. The rules are declared in their topic
 * files ({@link LayoutRules}, {@link ImageFileRules}, {@link CaptionFileRules}, {@link
 * CaptionContentRules}, {@link DuplicateRules}, {@link CompositionRules}, {@link ControlRules});
 * this class walks a snapshot once for all of them.
 *
 * <pre>{@code
 * DatasetSnapshot snapshot = DatasetScanner.create().scan(root);
 * ValidationReport report = DatasetRules.standard().check(snapshot, project);
 * }</pre>
 */
public final class DatasetRules {
  private static final List<RuleDescriptor> DESCRIPTORS = descriptorsOfTopics();

  private static final DatasetRules STANDARD =
      new DatasetRules(DuplicateRules.DEFAULT_NEAR_DUPLICATE_DISTANCE);

  /** The standard dataset rules in the catalogue. */
  static final Rule<ProjectDataset> RULE = STANDARD.rule();

  private final int nearDuplicateDistance;

  private DatasetRules(int nearDuplicateDistance) {
    this.nearDuplicateDistance = nearDuplicateDistance;
  }

  /** The rules with the default thresholds. */
  public static DatasetRules standard() {
    return STANDARD;
  }

  /** The same rules with another near-duplicate threshold (0-64 bits). */
  public DatasetRules withNearDuplicateDistance(int bits) {
    if (bits < 0 || bits > 64) {
      throw new IllegalArgumentException("near-duplicate distance must be 0-64: " + bits);
    }
    return new DatasetRules(bits);
  }

  /** Every file-level rule, all of subject {@link Subjects#DATASET}, for the rule catalogue. */
  public static List<RuleDescriptor> descriptors() {
    return DESCRIPTORS;
  }

  /**
   * Checks the files of a snapshot. The project gives the trigger, the base model (control images)
   * and the training resolutions; folder roles and control folders come from {@code
   * snapshot.spec()}. Never throws for bad data.
   */
  public ValidationReport check(DatasetSnapshot snapshot, LoraProject project) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(project, "project");
    return ValidationReport.of(
        RuleCatalogue.run(rule(), ProjectDataset.of(project, snapshot)), List.of());
  }

  /** These rules as one catalogue rule over {@link Subjects#DATASET}: one walk of the files. */
  Rule<ProjectDataset> rule() {
    return Rule.group(
        Subjects.DATASET,
        DESCRIPTORS,
        (subject, findings) -> {
          DatasetWalk w =
              new DatasetWalk(
                  subject.snapshot(), subject.project(), findings, nearDuplicateDistance);
          LayoutRules.layout(w);
          LayoutRules.emptyFolders(w);
          ImageFileRules.images(w);
          CaptionFileRules.captions(w);
          DuplicateRules.duplicates(w);
          DuplicateRules.nearDuplicates(w);
          CompositionRules.shotMix(w);
          ControlRules.controlImages(w);
        });
  }

  private static List<RuleDescriptor> descriptorsOfTopics() {
    List<RuleDescriptor> all = new ArrayList<>();
    all.addAll(CaptionFileRules.DATASET);
    all.addAll(CaptionContentRules.DATASET);
    all.addAll(ImageFileRules.DATASET);
    all.addAll(DuplicateRules.DATASET);
    all.addAll(LayoutRules.DATASET);
    all.addAll(CompositionRules.DATASET);
    all.addAll(ControlRules.DATASET);
    return List.copyOf(all);
  }
}
