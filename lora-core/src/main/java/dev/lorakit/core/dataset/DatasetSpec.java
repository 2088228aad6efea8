package dev.lorakit.core.dataset;

import jakarta.validation.Valid;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * The declared layout of a dataset: a root and its folders.
 *
 * <pre>{@code
 * DatasetSpec spec = DatasetSpec.builder()
 *     .root("dataset")
 *     .addFolder(DatasetFolder.fromFolderName("40_maya_char").withImageCount(70))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class DatasetSpec {

  /** The dataset root as the user gave it. */
  @Value.Default
  public String root() {
    return "dataset";
  }

  public abstract List<@Valid DatasetFolder> folders();

  public static ImmutableDatasetSpec.Builder builder() {
    return ImmutableDatasetSpec.builder();
  }

  /** Folders that hold training images, that is every folder that is not a control folder. */
  public List<DatasetFolder> trainingFolders() {
    return folders().stream()
        .filter(f -> f.role() != FolderRole.CONTROL)
        .collect(Collectors.toUnmodifiableList());
  }

  public List<DatasetFolder> foldersWithRole(FolderRole role) {
    return folders().stream()
        .filter(f -> f.role() == role)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Whether every training folder has a declared or counted image count. */
  public boolean countsKnown() {
    return trainingFolders().stream().allMatch(f -> f.imageCount().isPresent());
  }

  /** Images over all training folders whose count is known. */
  public int imageCount(FolderRole role) {
    return foldersWithRole(role).stream().mapToInt(f -> f.imageCount().orElse(0)).sum();
  }

  /** Images times repeats over the training folders whose count is known. */
  public long samplesPerEpoch(FolderRole role) {
    return foldersWithRole(role).stream().mapToLong(f -> f.samplesPerEpoch().orElse(0)).sum();
  }

  /** Images times repeats over all training folders whose count is known. */
  public long samplesPerEpoch() {
    return trainingFolders().stream().mapToLong(f -> f.samplesPerEpoch().orElse(0)).sum();
  }
}
