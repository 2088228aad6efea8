package dev.lorakit.core.project;

import java.util.List;
import org.immutables.value.Value;

/**
 * How checkpoints are compared after training: the guide's test prompts, at several LoRA strengths
 * and seeds.
 */
@Value.Immutable
public abstract class EvaluationSettings {

  @Value.Default
  public List<String> prompts() {
    return List.of(
        "[trigger], portrait, smiling, soft lighting",
        "[trigger], full body, dancing, dynamic pose",
        "[trigger], realistic_body, sitting, photorealistic",
        "[trigger], closeup, surprised expression",
        "[trigger], full body, winter clothing, snowy background");
  }

  /** LoRA strengths to test; the guide's 0.6 to 1.0. */
  @Value.Default
  public List<Double> strengths() {
    return List.of(0.6, 0.7, 0.8, 0.9, 1.0);
  }

  /** Seeds per prompt; the guide asks for 5 to 10. */
  @Value.Default
  public int seedsPerPrompt() {
    return 5;
  }

  public static ImmutableEvaluationSettings.Builder builder() {
    return ImmutableEvaluationSettings.builder();
  }
}
