package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.catalog.DataCenter;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.catalog.Product;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.PodLogQuery;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import dev.lorakit.runpod.template.CreateTemplateRequest;
import dev.lorakit.runpod.template.Template;
import dev.lorakit.runpod.template.TemplateSource;
import dev.lorakit.runpod.template.UpdateTemplateRequest;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;
import dev.lorakit.runpod.volume.NetworkVolume;
import dev.lorakit.runpod.volume.UpdateNetworkVolumeRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The v2 operations lorakit uses, as {@link ApiCall}s; shared by sync, async and dry run. */
final class Endpoints {
  private Endpoints() {}

  static String seg(String id) {
    java.util.Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    return ApiCall.encode(id);
  }

  static JsonNode tree(Object value) {
    return Json.mapper().valueToTree(value);
  }

  static <T> ApiCall.ResponseReader<T> one(Class<T> type) {
    return (status, body) -> Json.mapper().readValue(body, type);
  }

  static <T> ApiCall.ResponseReader<List<T>> list(String field, Class<T> type) {
    return (status, body) -> {
      JsonNode node = Json.mapper().readTree(body);
      JsonNode array = node == null ? null : node.get(field);
      if (array == null || array.isNull()) {
        return List.of();
      }
      if (!array.isArray()) {
        throw new IOException("'" + field + "' is not an array");
      }
      List<T> out = new ArrayList<>();
      for (JsonNode item : array) {
        out.add(Json.mapper().treeToValue(item, type));
      }
      return List.copyOf(out);
    };
  }

  static ApiCall.ResponseReader<Boolean> noContent() {
    return (status, body) -> Boolean.TRUE;
  }

  // Pods

  static ApiCall<List<Pod>> listPods(boolean includeClusterPods) {
    List<Map.Entry<String, String>> q =
        includeClusterPods ? List.of(Map.entry("includeClusterPods", "true")) : List.of();
    return ApiCall.get("/v2/pods", q, list("pods", Pod.class));
  }

  static ApiCall<Pod> getPod(String id) {
    return ApiCall.get("/v2/pods/" + seg(id), one(Pod.class));
  }

  static ApiCall<Pod> createPod(CreatePodRequest request) {
    return ApiCall.send("POST", "/v2/pods", tree(request), false, one(Pod.class));
  }

  static ApiCall<Pod> updatePod(String id, UpdatePodRequest request) {
    return ApiCall.send("PATCH", "/v2/pods/" + seg(id), tree(request), true, one(Pod.class));
  }

  static ApiCall<Optional<Pod>> podAction(String id, PodAction action) {
    if (action == PodAction.UNKNOWN) {
      throw new IllegalArgumentException("action must be a known action");
    }
    ObjectNode body = Json.mapper().createObjectNode().put("action", action.wireValue());
    return ApiCall.send(
        "POST",
        "/v2/pods/" + seg(id) + "/action",
        body,
        false,
        (status, bytes) ->
            status == 204 || bytes.length == 0
                ? Optional.empty()
                : Optional.of(Json.mapper().readValue(bytes, Pod.class)));
  }

  static ApiCall<Boolean> deletePod(String id) {
    return ApiCall.delete("/v2/pods/" + seg(id), noContent());
  }

  static ApiCall<Void> podLogs(String id, PodLogQuery query) {
    List<Map.Entry<String, String>> q = new ArrayList<>();
    query.source().ifPresent(s -> q.add(Map.entry("source", s.wireValue())));
    query.tail().ifPresent(t -> q.add(Map.entry("tail", Integer.toString(t))));
    query.since().ifPresent(s -> q.add(Map.entry("since", s)));
    return ApiCall.get("/v2/pods/" + seg(id) + "/logs", q, (s, b) -> null);
  }

  // Catalog

  static List<Map.Entry<String, String>> gpuQuery(GpuTypeQuery query) {
    List<Map.Entry<String, String>> q = new ArrayList<>();
    if (query.includeAvailability()) {
      q.add(Map.entry("include", "AVAILABILITY"));
      q.add(
          Map.entry(
              "product",
              query.products().stream().map(Product::name).collect(Collectors.joining(","))));
    }
    query.count().ifPresent(c -> q.add(Map.entry("count", Integer.toString(c))));
    query.cloud().ifPresent(c -> q.add(Map.entry("cloud", c.name())));
    if (!query.countryCodes().isEmpty()) {
      q.add(Map.entry("countryCodes", String.join(",", query.countryCodes())));
    }
    if (!query.cudaVersions().isEmpty()) {
      q.add(Map.entry("cudaVersions", String.join(",", query.cudaVersions())));
    }
    query.minCudaVersion().ifPresent(v -> q.add(Map.entry("minCudaVersion", v)));
    return q;
  }

  static ApiCall<List<GpuType>> listGpuTypes(GpuTypeQuery query) {
    return ApiCall.get("/v2/catalog/gpus", gpuQuery(query), list("gpus", GpuType.class));
  }

  static ApiCall<GpuType> getGpuType(String id, GpuTypeQuery query) {
    return ApiCall.get("/v2/catalog/gpus/" + seg(id), gpuQuery(query), one(GpuType.class));
  }

  static ApiCall<List<DataCenter>> listDataCenters(boolean includeGpuAvailability) {
    List<Map.Entry<String, String>> q =
        includeGpuAvailability ? List.of(Map.entry("include", "GPU_AVAILABILITY")) : List.of();
    return ApiCall.get("/v2/catalog/datacenters", q, list("dataCenters", DataCenter.class));
  }

  // Network volumes

  // Billing

  /**
   * {@code GET /v2/billing/pods?podId=&startTime=&bucketSize=hour}: the pod's spend, summed over
   * the buckets ({@code metadata.totals.totalAmount}).
   */
  static ApiCall<Double> podSpend(String podId, java.time.Instant since) {
    List<Map.Entry<String, String>> q =
        List.of(
            Map.entry("podId", podId),
            Map.entry(
                "startTime", since.truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString()),
            Map.entry("bucketSize", "hour"));
    return ApiCall.get(
        "/v2/billing/pods",
        q,
        (status, body) -> {
          JsonNode n = Json.mapper().readTree(body);
          JsonNode total = n.path("metadata").path("totals").path("totalAmount");
          if (total.isNumber()) {
            return total.asDouble();
          }
          double sum = 0;
          for (JsonNode r : n.path("records")) {
            sum += r.path("totalAmount").asDouble();
          }
          return sum;
        });
  }

  static ApiCall<List<NetworkVolume>> listNetworkVolumes() {
    return ApiCall.get("/v2/network-volumes", list("networkVolumes", NetworkVolume.class));
  }

  static ApiCall<NetworkVolume> getNetworkVolume(String id) {
    return ApiCall.get("/v2/network-volumes/" + seg(id), one(NetworkVolume.class));
  }

  static ApiCall<NetworkVolume> createNetworkVolume(CreateNetworkVolumeRequest request) {
    return ApiCall.send(
        "POST", "/v2/network-volumes", tree(request), false, one(NetworkVolume.class));
  }

  static ApiCall<NetworkVolume> updateNetworkVolume(String id, UpdateNetworkVolumeRequest request) {
    return ApiCall.send(
        "PATCH", "/v2/network-volumes/" + seg(id), tree(request), true, one(NetworkVolume.class));
  }

  static ApiCall<Boolean> deleteNetworkVolume(String id) {
    return ApiCall.delete("/v2/network-volumes/" + seg(id), noContent());
  }

  // Templates

  static ApiCall<List<Template>> listTemplates() {
    return ApiCall.get("/v2/templates", list("templates", Template.class));
  }

  static ApiCall<List<Template>> listPublicTemplates(TemplateSource source) {
    return ApiCall.get(
        "/v2/catalog/templates",
        List.of(Map.entry("source", source.wireValue())),
        list("templates", Template.class));
  }

  static ApiCall<Template> getTemplate(String id) {
    return ApiCall.get("/v2/templates/" + seg(id), one(Template.class));
  }

  static ApiCall<Template> createTemplate(CreateTemplateRequest request) {
    return ApiCall.send("POST", "/v2/templates", tree(request), false, one(Template.class));
  }

  static ApiCall<Template> updateTemplate(String id, UpdateTemplateRequest request) {
    return ApiCall.send(
        "PATCH", "/v2/templates/" + seg(id), tree(request), true, one(Template.class));
  }

  static ApiCall<Boolean> deleteTemplate(String id) {
    return ApiCall.delete("/v2/templates/" + seg(id), noContent());
  }

  // Account

  static ApiCall<List<String>> getSshKeys() {
    return ApiCall.get(
        "/v2/account/ssh-keys",
        (status, body) -> {
          List<String> keys = new ArrayList<>();
          JsonNode node = Json.mapper().readTree(body);
          if (node != null && node.has("keys")) {
            node.get("keys").forEach(k -> keys.add(k.asText()));
          }
          return List.copyOf(keys);
        });
  }

  static ApiCall<List<String>> updateSshKeys(List<String> keys) {
    ObjectNode body = Json.mapper().createObjectNode();
    keys.forEach(body.putArray("keys")::add);
    return ApiCall.send("PUT", "/v2/account/ssh-keys", body, true, getSshKeys().reader);
  }
}
