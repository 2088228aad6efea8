package dev.lorakit.core.dataset;

import dev.lorakit.core.caption.TriggerWord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What a dataset holds on disk: every image, caption and stray file, with the folder layout as a
 * {@link DatasetSpec} whose image counts are those found.
 *
 * <pre>{@code
 * DatasetSnapshot snapshot = DatasetScanner.create().scan(Path.of("dataset"));
 * snapshot.spec().imageCount(FolderRole.CHARACTER); // 70
 * }</pre>
 */
@Value.Immutable
public abstract class DatasetSnapshot {

  /** The scanned root folder. */
  public abstract Path root();

  /**
   * The layout: one folder per training and control folder with the number of images found in it.
   * Images directly in the root appear as folder {@code .}.
   */
  public abstract DatasetSpec spec();

  /** Every image of every folder, training and control, in path order. */
  public abstract List<ImageEntry> images();

  /** Every caption file, in path order. */
  public abstract List<CaptionFile> captions();

  public abstract List<StrayFile> strayFiles();

  /**
   * Images and repeat folders found one level deeper than a trainer looks: {@code dataset/40_name}
   * under the root, or images in a subfolder of a repeat folder.
   */
  public abstract List<String> tooDeep();

  public abstract List<ScanProblem> problems();

  /** The options the scan ran with. */
  public abstract ScanOptions options();

  public static ImmutableDatasetSnapshot.Builder builder() {
    return ImmutableDatasetSnapshot.builder();
  }

  @Value.Lazy
  Map<String, CaptionFile> captionsByKey() {
    return captions().stream()
        .collect(
            Collectors.toMap(c -> key(c.folder(), c.stem()), Function.identity(), (a, b) -> a));
  }

  @Value.Lazy
  Map<String, List<ImageEntry>> imagesByFolder() {
    return images().stream().collect(Collectors.groupingBy(ImageEntry::folder));
  }

  @Value.Lazy
  Map<String, List<ImageEntry>> imagesByKey() {
    return images().stream().collect(Collectors.groupingBy(i -> key(i.folder(), i.stem())));
  }

  /** The caption of the same stem in the same folder as the image. */
  public Optional<CaptionFile> captionFor(ImageEntry image) {
    return Optional.ofNullable(captionsByKey().get(key(image.folder(), image.stem())));
  }

  /** The images of the same stem in the same folder as the caption (usually one). */
  public List<ImageEntry> imagesFor(CaptionFile caption) {
    return imagesByKey().getOrDefault(key(caption.folder(), caption.stem()), List.of());
  }

  /** Images of one folder, given by its dataset-relative path. */
  public List<ImageEntry> imagesIn(String folder) {
    return imagesByFolder().getOrDefault(folder, List.of());
  }

  /** Images of the training folders (every folder but control folders). */
  public List<ImageEntry> trainingImages() {
    return spec().trainingFolders().stream()
        .flatMap(f -> imagesIn(f.path()).stream())
        .collect(Collectors.toUnmodifiableList());
  }

  public Optional<DatasetFolder> folder(String path) {
    return spec().folders().stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /**
   * The trigger the folder names suggest: the name part of the first character repeat folder
   * ({@code maya_char} for {@code 40_maya_char}), else of any repeat folder.
   */
  public Optional<TriggerWord> triggerFromFolders() {
    Optional<String> character =
        spec().foldersWithRole(FolderRole.CHARACTER).stream()
            .map(f -> KohyaFolderName.parse(f.name()))
            .flatMap(Optional::stream)
            .map(KohyaFolderName::name)
            .findFirst();
    Optional<String> any =
        spec().trainingFolders().stream()
            .map(f -> KohyaFolderName.parse(f.name()))
            .flatMap(Optional::stream)
            .map(KohyaFolderName::name)
            .findFirst();
    return character.or(() -> any).map(TriggerWord::of);
  }

  private static String key(String folder, String stem) {
    return folder + '\u0000' + stem;
  }
}
