package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A pod as the v2 API reports it (schema {@code Pod}). Fields the schema requires but a server
 * might leave out are optional or defaulted here, so a partial answer still parses.
 *
 * <pre>{@code
 * Pod pod = client.getPod("7h9k2m4n6p");
 * if (pod.isReady()) System.out.println(pod.proxyUrl(8675));
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePod.class)
@JsonDeserialize(as = ImmutablePod.class)
public abstract class Pod {
  public abstract String id();

  public abstract String name();

  @Value.Default
  public PodStatus status() {
    return PodStatus.UNKNOWN;
  }

  /** Transitions allowed in the current status. */
  public abstract List<PodAction> actions();

  public abstract Optional<String> image();

  public abstract Optional<String> args();

  /** Container disk in GB. */
  public abstract Optional<Integer> disk();

  @Value.Default
  public Mounts mounts() {
    return Mounts.none();
  }

  public abstract List<String> ports();

  /** Environment; may hold secrets, so it never appears in {@code toString}. */
  @Value.Redacted
  public abstract Map<String, String> env();

  public abstract Optional<String> registry();

  @Value.Default
  public Cloud cloud() {
    return Cloud.UNKNOWN;
  }

  public abstract Optional<String> dataCenterId();

  public abstract Optional<String> cudaVersion();

  public abstract Optional<PodSsh> ssh();

  public abstract Optional<String> template();

  /** Current cost in USD per hour (0 when stopped). */
  @Value.Default
  public double cost() {
    return 0.0;
  }

  @Value.Default
  public boolean locked() {
    return false;
  }

  /** Live metrics; absent unless the container is up. */
  public abstract Optional<PodRuntime> runtime();

  public abstract Optional<String> createdAt();

  public abstract Optional<String> startedAt();

  public abstract Optional<PodGlobalNetworking> globalNetworking();

  public abstract Optional<GpuConfig> gpu();

  public abstract Optional<CpuConfig> cpu();

  public abstract Optional<PodCluster> cluster();

  /**
   * True when the container is actually up: status {@code RUNNING} <em>and</em> a runtime block
   * with at least one port. RunPod reports {@code RUNNING} with a null runtime while the image is
   * still being pulled, so the status alone is not enough.
   */
  public boolean isReady() {
    return status() == PodStatus.RUNNING && runtime().map(r -> !r.ports().isEmpty()).orElse(false);
  }

  /** The RunPod HTTP proxy URL of an {@code <port>/http} port. */
  public String proxyUrl(int port) {
    return "https://" + id() + "-" + port + ".proxy.runpod.net";
  }
}
