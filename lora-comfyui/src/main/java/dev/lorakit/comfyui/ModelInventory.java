package dev.lorakit.comfyui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The files a ComfyUI install lists per folder ({@code folder_paths.get_filename_list}: paths
 * relative to {@code models/<folder>}, with {@code /}, subfolders included), and the images in its
 * {@code input} folder. Without an inventory, file inputs are not checked: lorakit cannot know what
 * a user has installed.
 *
 * <pre>{@code
 * ModelInventory inv = ModelInventory.builder()
 *     .putFolder("loras", List.of("maya/maya_lora_000001000.safetensors")).build();
 * }</pre>
 */
@Value.Immutable
public abstract class ModelInventory {
  /** Folder name to the files it lists. */
  public abstract Map<String, List<String>> folders();

  public Optional<List<String>> files(String folder) {
    return Optional.ofNullable(folders().get(folder));
  }

  /** An inventory that knows no folder: file inputs go unchecked. */
  public static ModelInventory unknown() {
    return ImmutableModelInventory.builder().build();
  }

  public static ImmutableModelInventory.Builder builder() {
    return ImmutableModelInventory.builder();
  }
}
