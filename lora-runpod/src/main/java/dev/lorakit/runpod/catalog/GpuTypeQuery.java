package dev.lorakit.runpod.catalog;

import dev.lorakit.runpod.pod.Cloud;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Query parameters of {@code GET /v2/catalog/gpus}. Availability needs a product context; the
 * filters apply only together with availability (the server answers 400 otherwise).
 */
@Value.Immutable
public abstract class GpuTypeQuery {
  @Value.Default
  public boolean includeAvailability() {
    return false;
  }

  public abstract List<Product> products();

  public abstract Optional<Integer> count();

  public abstract Optional<Cloud> cloud();

  public abstract List<String> countryCodes();

  public abstract List<String> cudaVersions();

  public abstract Optional<String> minCudaVersion();

  @Value.Check
  protected void check() {
    if (includeAvailability() && products().isEmpty()) {
      throw new IllegalStateException("availability requires at least one product");
    }
    boolean filtered =
        !products().isEmpty()
            || count().isPresent()
            || cloud().isPresent()
            || !countryCodes().isEmpty()
            || !cudaVersions().isEmpty()
            || minCudaVersion().isPresent();
    if (cloud().isPresent() && cloud().get() == Cloud.UNKNOWN) {
      throw new IllegalStateException("cloud must be SECURE or COMMUNITY");
    }
    if (!includeAvailability() && filtered) {
      throw new IllegalStateException("catalog filters are valid only with availability");
    }
  }

  public static ImmutableGpuTypeQuery.Builder builder() {
    return ImmutableGpuTypeQuery.builder();
  }

  /** Prices only, no stock. */
  public static GpuTypeQuery pricesOnly() {
    return builder().build();
  }

  /** Prices and pod stock for one GPU on the given cloud. */
  public static GpuTypeQuery podAvailability(Cloud cloud) {
    return builder().includeAvailability(true).addProducts(Product.POD).cloud(cloud).build();
  }
}
