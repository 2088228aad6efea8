package dev.lorakit.core.sweep;

import java.util.Map;

/**
 * Makes a {@link TrainerBackend} by name. Each backend module registers one in {@code
 * META-INF/services/dev.lorakit.core.sweep.TrainerBackendFactory}; the CLI's {@code --backend NAME}
 * finds it with {@link java.util.ServiceLoader}, so a RunPod user does not carry a Kubernetes
 * client on the class path.
 *
 * <pre>{@code
 * TrainerBackend backend =
 *     ServiceLoader.load(TrainerBackendFactory.class).stream()
 *         .map(ServiceLoader.Provider::get)
 *         .filter(f -> f.name().equals("kubernetes"))
 *         .findFirst()
 *         .orElseThrow()
 *         .create(Map.of("namespace", "lora"));
 * }</pre>
 */
public interface TrainerBackendFactory {
  /** The name {@code --backend} takes: {@code runpod}, {@code kubernetes}. */
  String name();

  /**
   * Makes the backend from the CLI's options (backend-specific keys such as {@code api-key}, {@code
   * base-url}, {@code volume}, {@code namespace}; absent keys take the backend's defaults).
   *
   * @throws IllegalArgumentException when a required option is missing or malformed (the message
   *     names it)
   */
  TrainerBackend create(Map<String, String> options);
}
