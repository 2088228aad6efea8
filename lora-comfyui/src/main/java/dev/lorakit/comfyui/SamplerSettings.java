package dev.lorakit.comfyui;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplingSettings;
import org.immutables.value.Value;

/**
 * How a cell is sampled. {@link #forProject} takes the trainer's sample settings (steps, guidance
 * as cfg, width, height, negative prompt), so the ComfyUI grid is like for like with the samples
 * ai-toolkit rendered during training ({@code comfyui.md} W4); the guide's negative prompt stands
 * in when the project has none. Sampler {@code euler}, scheduler {@code simple} and AuraFlow shift
 * 3.1 are ComfyUI's Qwen-Image example's.
 *
 * <pre>{@code
 * SamplerSettings s = SamplerSettings.builder().from(SamplerSettings.forProject(project))
 *     .steps(20).build();
 * }</pre>
 */
@Value.Immutable
public abstract class SamplerSettings {
  /** The guide's negative prompt ("Prompt Strategy", character only). */
  public static final String GUIDE_NEGATIVE = "low quality, blurry, artifacts, deformed";

  @Value.Default
  public int steps() {
    return 28;
  }

  @Value.Default
  public double cfg() {
    return 3.5;
  }

  @Value.Default
  public String sampler() {
    return "euler";
  }

  @Value.Default
  public String scheduler() {
    return "simple";
  }

  /** {@code ModelSamplingAuraFlow} shift; 3.1 in ComfyUI's Qwen-Image example. */
  @Value.Default
  public double shift() {
    return 3.1;
  }

  @Value.Default
  public int width() {
    return 1024;
  }

  @Value.Default
  public int height() {
    return 1024;
  }

  @Value.Default
  public String negativePrompt() {
    return GUIDE_NEGATIVE;
  }

  /** The trainer's sample settings of {@code project}. */
  public static SamplerSettings forProject(LoraProject project) {
    SamplingSettings s = project.sampling();
    return ImmutableSamplerSettings.builder()
        .steps(s.sampleSteps())
        .cfg(s.guidanceScale())
        .width(s.width())
        .height(s.height())
        .negativePrompt(s.negativePrompt().isBlank() ? GUIDE_NEGATIVE : s.negativePrompt())
        .build();
  }

  public static ImmutableSamplerSettings.Builder builder() {
    return ImmutableSamplerSettings.builder();
  }
}
