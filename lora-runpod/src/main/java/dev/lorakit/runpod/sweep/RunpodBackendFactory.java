package dev.lorakit.runpod.sweep;

import dev.lorakit.core.sweep.TrainerBackend;
import dev.lorakit.core.sweep.TrainerBackendFactory;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.training.TrainingRunSpec;
import java.util.Map;

/**
 * {@code --backend runpod} through {@link java.util.ServiceLoader}. Options: {@code api-url},
 * {@code proxy-url-template}, {@code volume}; the API key comes from {@code RUNPOD_API_KEY}, never
 * from an option. It needs the {@link TrainerBackendFactory.Context} (dataset folder and job-config
 * writer); {@link #create(Map)} alone refuses.
 *
 * <pre>{@code
 * TrainerBackend b = new RunpodBackendFactory()
 *     .create(Map.of("volume", "maya-sweep"), new Context(datasetRoot, AiToolkitWriter.create()));
 * }</pre>
 */
public final class RunpodBackendFactory implements TrainerBackendFactory {
  @Override
  public String name() {
    return "runpod";
  }

  @Override
  public TrainerBackend create(Map<String, String> options) {
    throw new IllegalArgumentException(
        "the runpod backend needs the dataset folder and a job-config writer: call"
            + " create(options, context)");
  }

  @Override
  public TrainerBackend create(Map<String, String> options, Context context) {
    RunpodClient.Builder client = RunpodClient.builder().apiKey(apiKey());
    if (options.containsKey("api-url")) {
      client.baseUrl(options.get("api-url"));
    }
    String proxy = options.get("proxy-url-template");
    String volume = options.get("volume");
    return RunpodBackend.builder(client.build(), context.datasetRoot(), context.writer())
        .spec(
            s -> {
              var b = TrainingRunSpec.builder().from(s);
              if (proxy != null) {
                b.proxyUrlTemplate(proxy);
              }
              if (volume != null) {
                b.networkVolume(volume);
              }
              return b.build();
            })
        .build();
  }

  private static String apiKey() {
    String key = System.getenv("RUNPOD_API_KEY");
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("RUNPOD_API_KEY is not set");
    }
    return key;
  }
}
