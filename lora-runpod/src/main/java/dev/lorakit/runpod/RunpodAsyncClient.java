package dev.lorakit.runpod;

import dev.lorakit.runpod.catalog.DataCenter;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import dev.lorakit.runpod.template.CreateTemplateRequest;
import dev.lorakit.runpod.template.Template;
import dev.lorakit.runpod.template.TemplateSource;
import dev.lorakit.runpod.template.UpdateTemplateRequest;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;
import dev.lorakit.runpod.volume.NetworkVolume;
import dev.lorakit.runpod.volume.UpdateNetworkVolumeRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The operations of {@link RunpodClient} as {@link CompletableFuture}s. A failed future is
 * completed with the very exception the blocking call would throw ({@link RunpodApiException},
 * {@link RunpodIoException}, ...), not a wrapper; {@code join()} wraps it in a {@code
 * CompletionException} as usual.
 *
 * <pre>{@code
 * client.async().getPod(id).thenAccept(pod -> System.out.println(pod.status()));
 * }</pre>
 */
public final class RunpodAsyncClient {
  private final RunpodClient client;
  private final Executor executor;

  RunpodAsyncClient(RunpodClient client, Executor executor) {
    this.client = client;
    this.executor = executor;
  }

  private <T> CompletableFuture<T> run(Supplier<T> body) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              future.complete(body.get());
            } catch (Throwable t) {
              future.completeExceptionally(t);
            }
          });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("RunpodClient is closed", e));
    }
    return future;
  }

  public CompletableFuture<List<Pod>> listPods() {
    return run(client::listPods);
  }

  public CompletableFuture<Pod> getPod(String id) {
    return run(() -> client.getPod(id));
  }

  public CompletableFuture<Optional<Pod>> findPod(String id) {
    return run(() -> client.findPod(id));
  }

  public CompletableFuture<List<Pod>> findPodsByName(String name) {
    return run(() -> client.findPodsByName(name));
  }

  public CompletableFuture<Pod> createPod(CreatePodRequest request) {
    return run(() -> client.createPod(request));
  }

  public CompletableFuture<Pod> updatePod(String id, UpdatePodRequest request) {
    return run(() -> client.updatePod(id, request));
  }

  public CompletableFuture<Optional<Pod>> podAction(String id, PodAction action) {
    return run(() -> client.podAction(id, action));
  }

  public CompletableFuture<Pod> startPod(String id) {
    return run(() -> client.startPod(id));
  }

  public CompletableFuture<Pod> stopPod(String id) {
    return run(() -> client.stopPod(id));
  }

  public CompletableFuture<Pod> restartPod(String id) {
    return run(() -> client.restartPod(id));
  }

  /** Completes with {@code false} when the pod was already gone. */
  public CompletableFuture<Boolean> terminatePod(String id) {
    return run(() -> client.terminatePod(id));
  }

  public CompletableFuture<List<GpuType>> listGpuTypes(GpuTypeQuery query) {
    return run(() -> client.listGpuTypes(query));
  }

  public CompletableFuture<GpuType> getGpuType(String id, GpuTypeQuery query) {
    return run(() -> client.getGpuType(id, query));
  }

  public CompletableFuture<List<DataCenter>> listDataCenters(boolean includeGpuAvailability) {
    return run(() -> client.listDataCenters(includeGpuAvailability));
  }

  public CompletableFuture<List<NetworkVolume>> listNetworkVolumes() {
    return run(client::listNetworkVolumes);
  }

  public CompletableFuture<NetworkVolume> createNetworkVolume(CreateNetworkVolumeRequest r) {
    return run(() -> client.createNetworkVolume(r));
  }

  public CompletableFuture<Boolean> deleteNetworkVolume(String id) {
    return run(() -> client.deleteNetworkVolume(id));
  }

  public CompletableFuture<NetworkVolume> getNetworkVolume(String id) {
    return run(() -> client.getNetworkVolume(id));
  }

  public CompletableFuture<NetworkVolume> updateNetworkVolume(
      String id, UpdateNetworkVolumeRequest r) {
    return run(() -> client.updateNetworkVolume(id, r));
  }

  public CompletableFuture<Template> createTemplate(CreateTemplateRequest r) {
    return run(() -> client.createTemplate(r));
  }

  public CompletableFuture<Template> updateTemplate(String id, UpdateTemplateRequest r) {
    return run(() -> client.updateTemplate(id, r));
  }

  public CompletableFuture<Boolean> deleteTemplate(String id) {
    return run(() -> client.deleteTemplate(id));
  }

  public CompletableFuture<List<Template>> listPublicTemplates(TemplateSource source) {
    return run(() -> client.listPublicTemplates(source));
  }

  public CompletableFuture<List<String>> sshKeys() {
    return run(client::sshKeys);
  }

  public CompletableFuture<List<String>> replaceSshKeys(List<String> keys) {
    return run(() -> client.replaceSshKeys(keys));
  }

  public CompletableFuture<List<Template>> listTemplates() {
    return run(client::listTemplates);
  }

  public CompletableFuture<Template> getTemplate(String id) {
    return run(() -> client.getTemplate(id));
  }
}
