package dev.lorakit.core.project;

import java.util.List;
import org.immutables.value.Value;

/**
 * A prompt sampled during training, with the control images an edit model needs ({@code
 * ctrl_img_1..3}). Write {@code [trigger]} where the trigger word goes; the trainer replaces it and
 * does not add the trigger on its own.
 */
@Value.Immutable
public abstract class SamplePrompt {

  @Value.Parameter
  public abstract String prompt();

  /** Control images in order, paths relative to the dataset root or absolute. */
  @Value.Parameter
  public abstract List<String> controlImages();

  public static SamplePrompt of(String prompt) {
    return ImmutableSamplePrompt.of(prompt, List.of());
  }

  public static SamplePrompt of(String prompt, List<String> controlImages) {
    return ImmutableSamplePrompt.of(prompt, controlImages);
  }
}
