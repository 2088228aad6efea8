package dev.lorakit.core.project;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** Samples generated while training ({@code sample} section). */
@Value.Immutable
public abstract class SamplingSettings {

  /** Defaults to the guide's three sample prompts, with {@code [trigger]} for the trigger. */
  @Value.Default
  public List<SamplePrompt> prompts() {
    return List.of(
        SamplePrompt.of("[trigger], portrait, smiling, high quality"),
        SamplePrompt.of("[trigger], full body, standing, photorealistic"),
        SamplePrompt.of("[trigger], realistic_body, detailed skin"));
  }

  /** Loop steps between samples; empty means one epoch, as the guide asks. */
  @Positive
  public abstract OptionalInt sampleEvery();

  @Value.Default
  @Min(64)
  public int width() {
    return 1024;
  }

  @Value.Default
  @Min(64)
  public int height() {
    return 1024;
  }

  @Value.Default
  @Positive
  public double guidanceScale() {
    return 3.5;
  }

  @Value.Default
  @Min(1)
  public int sampleSteps() {
    return 28;
  }

  @Value.Default
  public long seed() {
    return 42;
  }

  /** Negative prompt; the trainer's default is {@code False}, so lorakit always writes one. */
  @Value.Default
  public String negativePrompt() {
    return "";
  }

  public static ImmutableSamplingSettings.Builder builder() {
    return ImmutableSamplingSettings.builder();
  }
}
