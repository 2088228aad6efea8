package dev.lorakit.core.project;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A character-LoRA training project: what is trained on which base model, with which data and
 * settings, on which GPU. Everything downstream (checks, plans, configs, runs) starts here.
 *
 * <pre>{@code
 * LoraProject project = LoraProject.builder()
 *     .name("maya_char_lora")
 *     .trigger(TriggerWord.of("maya_char"))
 *     .dataset(DatasetSpec.builder()
 *         .addFolder(DatasetFolder.fromFolderName("40_maya_char").withImageCount(70))
 *         .addFolder(DatasetFolder.fromFolderName("20_maya_char_realbody").withImageCount(30))
 *         .build())
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class LoraProject {

  /** ai-toolkit's {@code config.name}: the output folder and the checkpoint file prefix. */
  @NotBlank
  public abstract String name();

  public abstract TriggerWord trigger();

  @Value.Default
  public BaseModel baseModel() {
    return BaseModel.QWEN_IMAGE_EDIT_2509;
  }

  /**
   * An explicit {@code model.arch} that differs from the base model's own, such as the community
   * workaround of training Edit-2509 weights as {@code qwen_image} without control images.
   */
  public abstract Optional<String> archOverride();

  @Valid
  public abstract DatasetSpec dataset();

  @Value.Default
  @Valid
  public TrainingParameters training() {
    return TrainingParameters.builder().build();
  }

  @Value.Default
  @Valid
  public SamplingSettings sampling() {
    return SamplingSettings.builder().build();
  }

  @Value.Default
  public EvaluationSettings evaluation() {
    return EvaluationSettings.builder().build();
  }

  @Value.Default
  @Valid
  public HardwareTarget hardware() {
    return HardwareTarget.builder().build();
  }

  /**
   * The ai-toolkit build the project is planned and written for; every fact that changed over time
   * is taken for this build. Defaults to the pinned pod image's.
   */
  @Value.Default
  public TrainerVersion trainerVersion() {
    return TrainerVersion.PINNED;
  }

  /** The {@code model.arch} the trainer will use: the override, else the base model's. */
  public String arch() {
    return archOverride().orElse(baseModel().arch());
  }

  /**
   * The {@code model.arch} lorakit writes: the override, else the base model's tagged form ({@code
   * qwen_image:2512}), as ai-toolkit's UI writes it.
   */
  public String aiToolkitArch() {
    return archOverride().orElse(baseModel().aiToolkitArch());
  }

  /**
   * Whether an edit model is trained as text-to-image without control images: ai-toolkit's
   * community workaround ({@code arch: qwen_image} with the Edit weights, issue #480).
   */
  public boolean textOnlyEdit() {
    return baseModel().isEditModel()
        && archOverride().map(a -> a.equals(baseModel().textOnlyArch())).orElse(false);
  }

  /**
   * Whether the trainer will demand control images: the base model needs them and the arch is its
   * own (the {@code qwen_image} workaround trains without).
   */
  public boolean requiresControlImages() {
    return baseModel().needsControlImages() && arch().equals(baseModel().arch());
  }

  public static ImmutableLoraProject.Builder builder() {
    return ImmutableLoraProject.builder();
  }
}
