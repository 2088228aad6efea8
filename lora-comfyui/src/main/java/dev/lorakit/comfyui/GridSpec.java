package dev.lorakit.comfyui;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What every cell of a grid shares: the base model, the sampler settings, the subfolder of {@code
 * models/loras} the checkpoints sit in, and the reference images of an edit model (file names in
 * ComfyUI's {@code input} folder).
 *
 * <pre>{@code
 * GridSpec spec = GridSpec.forProject(project).withLoraSubdir("maya_lora");
 * }</pre>
 */
@Value.Immutable
public abstract class GridSpec {
  public abstract BaseModel baseModel();

  public abstract SamplerSettings sampler();

  /** Subfolder of {@code models/loras}, {@code /}-separated, without leading or trailing slash. */
  public abstract Optional<String> loraSubdir();

  /**
   * The reference images, in {@code image1..3} order: the control images of the trainer's samples
   * for an edit model (ComfyUI names them by file name in its {@code input} folder).
   */
  public abstract List<String> referenceImages();

  /**
   * Whether an edit model's LoRA was trained as text-to-image ({@link LoraProject#textOnlyEdit()},
   * ai-toolkit's {@code arch: qwen_image} workaround): its cells are then encoded with {@code
   * CLIPTextEncode} and no reference image, as the LoRA was trained.
   */
  @Value.Default
  public boolean textOnly() {
    return false;
  }

  /** The model, the trainer's sample settings and the control images of its first sample. */
  public static GridSpec forProject(LoraProject project) {
    List<String> refs = new ArrayList<>();
    for (SamplePrompt p : project.sampling().prompts()) {
      if (!p.controlImages().isEmpty()) {
        refs.addAll(p.controlImages());
        break;
      }
    }
    return ImmutableGridSpec.builder()
        .baseModel(project.baseModel())
        .sampler(SamplerSettings.forProject(project))
        .textOnly(project.textOnlyEdit())
        .referenceImages(
            project.baseModel().isEditModel() && !project.textOnlyEdit()
                ? refs.subList(
                    0, Math.min(refs.size(), project.baseModel().comfyUiReferenceImages()))
                : List.of())
        .build();
  }

  /** This spec with checkpoints in {@code models/loras/<subdir>/}. */
  public GridSpec withLoraSubdir(String subdir) {
    return ImmutableGridSpec.copyOf(this).withLoraSubdir(subdir);
  }

  /** This spec with other reference images (names in ComfyUI's {@code input} folder). */
  public GridSpec withReferenceImages(List<String> images) {
    return ImmutableGridSpec.copyOf(this).withReferenceImages((Iterable<String>) images);
  }

  /** This spec with other sampler settings. */
  public GridSpec withSampler(SamplerSettings sampler) {
    return ImmutableGridSpec.copyOf(this).withSampler(sampler);
  }

  public static ImmutableGridSpec.Builder builder() {
    return ImmutableGridSpec.builder();
  }

  @Value.Check
  protected void check() {
    loraSubdir()
        .ifPresent(
            s -> {
              if (s.isBlank() || s.startsWith("/") || s.endsWith("/") || s.contains("\\")) {
                throw new IllegalStateException("lora subdir must be a relative /-path: " + s);
              }
            });
  }
}
