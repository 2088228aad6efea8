package dev.lorakit.core.dataset;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One folder of training images with its repeat count and role.
 *
 * <pre>{@code
 * DatasetFolder folder = DatasetFolder.fromFolderName("40_maya_char"); // repeats 40, CHARACTER
 * }</pre>
 */
@Value.Immutable
public abstract class DatasetFolder {

  /** Path relative to the dataset root, with {@code /} separators. */
  @NotBlank
  public abstract String path();

  /** How often each image is shown per epoch; ai-toolkit's {@code num_repeats}. */
  @Value.Default
  @Min(1)
  public int repeats() {
    return 1;
  }

  @Value.Default
  public FolderRole role() {
    return FolderRole.CHARACTER;
  }

  /** Tags every caption in this folder must carry, such as {@code realistic_body}. */
  public abstract List<String> requiredTags();

  /**
   * Folders of control images paired by stem with this folder's images, relative to the dataset
   * root; needed by the edit models.
   */
  public abstract List<String> controlFolders();

  /**
   * Folder of same-stem loss masks for this folder's images, relative to the dataset root; the
   * config writes it as ai-toolkit's {@code mask_path} (white keeps the loss, black removes it;
   * {@code toolkit/config_modules.py} DatasetConfig, {@code dataloader_mixins.py}
   * MaskFileItemDTOMixin). The scanner sets it when {@link #defaultMaskFolder(String)} exists.
   */
  public abstract Optional<String> maskFolder();

  /** Where {@code lorakit faces --write-masks} puts the masks of a folder. */
  public static String defaultMaskFolder(String folderPath) {
    return MASKS_DIR + "/" + folderPath;
  }

  /** Root of lorakit's mask folders inside the dataset; hidden, so the scanner never trains it. */
  public static final String MASKS_DIR = ".lorakit/masks";

  /**
   * The number of images, when declared or counted. Composition rules use it; scanning replaces it
   * with what is on disk.
   */
  public abstract OptionalInt imageCount();

  /**
   * Builds a folder from a kohya-style name. {@code 40_maya_char} has 40 repeats; without a number
   * the repeats are 1. The role is guessed from the name, and body-realism folders require the
   * {@code realistic_body} tag.
   */
  public static DatasetFolder fromFolderName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    FolderRole role = FolderRole.guess(name);
    ImmutableDatasetFolder.Builder b = ImmutableDatasetFolder.builder().path(path).role(role);
    KohyaFolderName.parse(name).ifPresent(k -> b.repeats(k.repeats()));
    if (role == FolderRole.BODY_REALISM) {
      b.addRequiredTag(BODY_REALISM_TAG);
    }
    return b.build();
  }

  /** The tag that separates body realism from identity in the guide's captions. */
  public static final String BODY_REALISM_TAG = "realistic_body";

  public static ImmutableDatasetFolder.Builder builder() {
    return ImmutableDatasetFolder.builder();
  }

  /** This folder with a declared or counted number of images. */
  public DatasetFolder withImageCount(int count) {
    return ImmutableDatasetFolder.copyOf(this).withImageCount(count);
  }

  /** The folder's last path element. */
  public String name() {
    return path().substring(path().lastIndexOf('/') + 1);
  }

  /** Images times repeats: what this folder contributes to one epoch, when the count is known. */
  public OptionalInt samplesPerEpoch() {
    return imageCount().isPresent()
        ? OptionalInt.of(imageCount().getAsInt() * repeats())
        : OptionalInt.empty();
  }
}
