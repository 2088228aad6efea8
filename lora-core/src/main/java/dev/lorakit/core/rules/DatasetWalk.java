package dev.lorakit.core.rules;

import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

/** One check of one snapshot: what every dataset topic file reads while it walks the files. */
final class DatasetWalk {
  private final DatasetSnapshot snapshot;
  private final LoraProject project;
  private final Findings findings;
  private final int nearDuplicateDistance;
  private final Set<String> controlFolders;
  private final Set<String> defaultCaptionFolders;

  DatasetWalk(
      DatasetSnapshot snapshot, LoraProject project, Findings findings, int nearDuplicateDistance) {
    this.snapshot = snapshot;
    this.project = project;
    this.findings = findings;
    this.nearDuplicateDistance = nearDuplicateDistance;
    this.controlFolders =
        snapshot.spec().folders().stream()
            .filter(f -> f.role() == FolderRole.CONTROL)
            .map(DatasetFolder::path)
            .collect(Collectors.toSet());
    this.defaultCaptionFolders =
        snapshot.captions().stream()
            .filter(c -> c.stem().equals(CaptionFileRules.DEFAULT_CAPTION))
            .filter(c -> c.caption().map(cap -> !cap.isEmpty()).orElse(false))
            .map(CaptionFile::folder)
            .collect(Collectors.toSet());
  }

  DatasetSnapshot snapshot() {
    return snapshot;
  }

  LoraProject project() {
    return project;
  }

  /** Hamming distance at or below which two perceptual hashes are near duplicates. */
  int nearDuplicateDistance() {
    return nearDuplicateDistance;
  }

  Findings.About f(RuleDescriptor d) {
    return findings.about(d);
  }

  /** Whether the folder holds control images (ai-toolkit reads no captions there). */
  boolean isControl(String folder) {
    return controlFolders.contains(folder);
  }

  /** Whether the folder has a non-empty {@code default.txt}. */
  boolean hasDefaultCaption(String folder) {
    return defaultCaptionFolders.contains(folder);
  }

  String triggerOr(String fallback) {
    return project.trigger().isBlank() ? fallback : project.trigger().value();
  }
}
