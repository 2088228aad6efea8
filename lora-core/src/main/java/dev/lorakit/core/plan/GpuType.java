package dev.lorakit.core.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * A training GPU: RunPod's type id, memory, dense BF16 tensor throughput (NVIDIA datasheets, no
 * sparsity) used to scale step times, and a reference price that the live catalog replaces.
 *
 * <pre>{@code
 * GpuType l40s = GpuType.find("NVIDIA L40S").orElseThrow(); // 48 GB
 * }</pre>
 */
@Value.Immutable
public abstract class GpuType {
  /** The GPU the seconds-per-image table is stated for. */
  public static final String REFERENCE = "NVIDIA L40S";

  public abstract String id();

  public abstract String displayName();

  public abstract int memoryGb();

  /** Dense BF16 tensor TFLOPS from the vendor datasheet. */
  public abstract double bf16Tflops();

  /**
   * USD per hour on RunPod secure cloud as last researched ({@code reference/runpod.md} §6, where
   * known); the RunPod client reads the live price.
   */
  public abstract OptionalDouble referencePricePerHour();

  private static GpuType gpu(String id, String name, int gb, double tflops, Double price) {
    ImmutableGpuType.Builder b =
        ImmutableGpuType.builder().id(id).displayName(name).memoryGb(gb).bf16Tflops(tflops);
    if (price != null) {
      b.referencePricePerHour(price);
    }
    return b.build();
  }

  /** Common training GPUs on RunPod. L40S price: 0.86 (2025-06 API) to 1.09 (2026-09 page). */
  public static List<GpuType> catalogue() {
    return List.of(
        gpu("NVIDIA GeForce RTX 4090", "RTX 4090", 24, 165.2, null),
        gpu("NVIDIA GeForce RTX 5090", "RTX 5090", 32, 209.5, null),
        gpu("NVIDIA L4", "L4", 24, 121.0, null),
        gpu("NVIDIA A40", "A40", 48, 149.7, null),
        gpu("NVIDIA RTX A6000", "RTX A6000", 48, 154.8, null),
        gpu("NVIDIA RTX 6000 Ada Generation", "RTX 6000 Ada", 48, 364.2, null),
        gpu(REFERENCE, "L40S", 48, 362.1, 0.99),
        gpu("NVIDIA A100 80GB PCIe", "A100 80GB", 80, 312.0, null),
        gpu("NVIDIA H100 80GB HBM3", "H100 SXM", 80, 989.4, null));
  }

  /** Looks a GPU up by RunPod id or display name, ignoring case. */
  public static Optional<GpuType> find(String idOrName) {
    String wanted = idOrName.strip().toLowerCase(Locale.ROOT);
    return catalogue().stream()
        .filter(
            g ->
                g.id().toLowerCase(Locale.ROOT).equals(wanted)
                    || g.displayName().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }
}
