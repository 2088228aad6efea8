package dev.lorakit.core.training;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.immutables.value.Value;

/**
 * The LoRA network: type, rank ({@code network.linear}) and alpha ({@code network.linear_alpha}).
 *
 * <pre>{@code
 * NetworkSettings network = NetworkSettings.builder().rank(16).build(); // alpha 16
 * }</pre>
 */
@Value.Immutable
public abstract class NetworkSettings {

  @Value.Default
  public NetworkType type() {
    return NetworkType.LORA;
  }

  /** Rank; the guide's 16 is the sweet spot for a character on a 20B model. */
  @Value.Default
  @Min(1)
  @Max(4096)
  public int rank() {
    return 16;
  }

  /**
   * Alpha; defaults to the rank. ai-toolkit saves Qwen LoRAs in PEFT format and forces alpha =
   * rank, so any other value is silently ignored.
   */
  @Value.Default
  @Positive
  public double alpha() {
    return rank();
  }

  public static ImmutableNetworkSettings.Builder builder() {
    return ImmutableNetworkSettings.builder();
  }
}
