package dev.lorakit.core.training;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.immutables.value.Value;

/**
 * Exponential moving average of the weights ({@code train.ema_config}). When it is on, ai-toolkit
 * saves the EMA weights in every checkpoint.
 */
@Value.Immutable
public abstract class EmaSettings {

  @Value.Default
  public boolean enabled() {
    return true;
  }

  /** Decay per optimizer step; the guide's 0.999 is strong smoothing. */
  @Value.Default
  @DecimalMin("0.0")
  @DecimalMax("1.0")
  public double decay() {
    return 0.999;
  }

  public static EmaSettings of(boolean enabled, double decay) {
    return ImmutableEmaSettings.builder().enabled(enabled).decay(decay).build();
  }
}
