package dev.lorakit.runpod;

import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;

/**
 * Renders the requests {@link RunpodClient} would send, without sending anything. The API key is
 * shown as {@code ****}, and env values whose key looks secret (auth, token, key, secret, pass) are
 * masked.
 *
 * <pre>{@code
 * System.out.print(client.dryRun().createPod(request).toText());
 * }</pre>
 */
public final class RunpodDryRun {
  private final Transport transport;

  RunpodDryRun(Transport transport) {
    this.transport = transport;
  }

  public RenderedRequest createPod(CreatePodRequest request) {
    return transport.render(Endpoints.createPod(request));
  }

  public RenderedRequest listPods() {
    return transport.render(Endpoints.listPods(false));
  }

  public RenderedRequest getPod(String id) {
    return transport.render(Endpoints.getPod(id));
  }

  public RenderedRequest updatePod(String id, UpdatePodRequest request) {
    return transport.render(Endpoints.updatePod(id, request));
  }

  public RenderedRequest podAction(String id, PodAction action) {
    return transport.render(Endpoints.podAction(id, action));
  }

  public RenderedRequest terminatePod(String id) {
    return transport.render(Endpoints.deletePod(id));
  }

  public RenderedRequest getGpuType(String id, GpuTypeQuery query) {
    return transport.render(Endpoints.getGpuType(id, query));
  }

  public RenderedRequest listGpuTypes(GpuTypeQuery query) {
    return transport.render(Endpoints.listGpuTypes(query));
  }

  public RenderedRequest createNetworkVolume(CreateNetworkVolumeRequest request) {
    return transport.render(Endpoints.createNetworkVolume(request));
  }
}
