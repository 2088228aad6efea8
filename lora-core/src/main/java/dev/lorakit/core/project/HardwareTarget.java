package dev.lorakit.core.project;

import jakarta.validation.constraints.Positive;
import java.util.Optional;
import org.immutables.value.Value;

/** The GPU the project is planned for; the guide's RunPod L40S with 48 GB by default. */
@Value.Immutable
public abstract class HardwareTarget {

  /** RunPod's GPU type id. */
  @Value.Default
  public String gpuType() {
    return "NVIDIA L40S";
  }

  @Value.Default
  @Positive
  public int memoryGb() {
    return 48;
  }

  /** Price per hour in US dollars when known; the live price comes from the RunPod catalog. */
  public abstract Optional<@Positive Double> pricePerHour();

  public static ImmutableHardwareTarget.Builder builder() {
    return ImmutableHardwareTarget.builder();
  }
}
