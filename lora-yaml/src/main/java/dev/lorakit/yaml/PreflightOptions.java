package dev.lorakit.yaml;

import dev.lorakit.core.project.BaseModel;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How {@link Preflight} reads a project: the values a dataset folder cannot tell (trigger, base
 * model, the text-only workaround) and how deeply to scan.
 *
 * <pre>{@code
 * PreflightOptions options =
 *     PreflightOptions.builder().baseModel(BaseModel.QWEN_IMAGE_2512).similar(true).build();
 * }</pre>
 */
@Value.Immutable
public abstract class PreflightOptions {

  /** The trigger word; default: the name part of the first character folder. */
  public abstract Optional<String> trigger();

  /** The base model of a dataset folder (a project file names its own); the guide's Edit-2509. */
  @Value.Default
  public BaseModel baseModel() {
    return BaseModel.QWEN_IMAGE_EDIT_2509;
  }

  /**
   * Train an edit model without control images, as text-to-image ({@code arch: qwen_image} with the
   * Edit weights, ai-toolkit issue #480); applies to a folder and to a project file.
   */
  @Value.Default
  public boolean textOnlyEdit() {
    return false;
  }

  /** Decode every image fully to find corrupt pixel data. */
  @Value.Default
  public boolean deep() {
    return false;
  }

  /** Compute perceptual hashes to find near-duplicate images. */
  @Value.Default
  public boolean similar() {
    return false;
  }

  /**
   * A folder to keep perceptual hashes in between runs ({@link
   * dev.lorakit.core.dataset.ScanOptions#hashCache()}); empty: none.
   */
  public abstract Optional<Path> hashCache();

  public static PreflightOptions defaults() {
    return builder().build();
  }

  public static ImmutablePreflightOptions.Builder builder() {
    return ImmutablePreflightOptions.builder();
  }
}
