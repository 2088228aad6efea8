package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.runpod.catalog.AvailabilityLevel;
import dev.lorakit.runpod.catalog.DataCenter;
import dev.lorakit.runpod.catalog.DataCenterRegion;
import dev.lorakit.runpod.catalog.GpuManufacturer;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.PodStatus;
import dev.lorakit.runpod.template.Template;
import dev.lorakit.runpod.template.TemplateCategory;
import dev.lorakit.runpod.volume.NetworkVolume;
import dev.lorakit.runpod.volume.VolumeType;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The response examples of the v2 OpenAPI document parse into lorakit's types field for field. */
class SpecExamplesTest {
  private static final JsonNode ROOT = load();

  private static JsonNode load() {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream("runpod-openapi-v2.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode example(String path, String method, String status) {
    JsonNode examples =
        ROOT.path("paths")
            .path(path)
            .path(method)
            .path("responses")
            .path(status)
            .path("content")
            .path("application/json")
            .path("examples");
    return examples.elements().next().get("value");
  }

  @Test
  void listPodsExample_parsesEveryField() throws IOException {
    Pod pod =
        Json.mapper().treeToValue(example("/v2/pods", "get", "200").get("pods").get(0), Pod.class);

    assertThat(pod.id()).isEqualTo("7h9k2m4n6p");
    assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
    assertThat(pod.actions())
        .containsExactly(PodAction.STOP, PodAction.RESTART, PodAction.TERMINATE);
    assertThat(pod.image()).contains("runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404");
    assertThat(pod.disk()).contains(50);
    assertThat(pod.ports()).containsExactly("8888/http", "22/tcp");
    assertThat(pod.env()).containsEntry("MODEL_NAME", "llama-3");
    assertThat(pod.registry()).isEmpty();
    assertThat(pod.mounts().persistent().orElseThrow().size()).isEqualTo(20);
    assertThat(pod.gpu().orElseThrow().id()).isEqualTo("NVIDIA GeForce RTX 4090");
    assertThat(pod.cloud()).isEqualTo(Cloud.SECURE);
    assertThat(pod.dataCenterId()).contains("US-KS-2");
    assertThat(pod.cudaVersion()).contains("12.8");
    assertThat(pod.ssh().orElseThrow().direct().orElseThrow().port()).isEqualTo(34446);
    assertThat(pod.ssh().orElseThrow().proxy().orElseThrow().host()).isEqualTo("ssh.runpod.io");
    assertThat(pod.template()).contains("9x4m2p7v");
    assertThat(pod.cost()).isEqualTo(0.44);
    assertThat(pod.globalNetworking().orElseThrow().enabled()).isFalse();
    assertThat(pod.runtime().orElseThrow().uptime()).contains(3600L);
    assertThat(pod.runtime().orElseThrow().ports().get(0).publicPort()).contains(34446);
    assertThat(pod.createdAt()).contains("2026-06-01T12:00:00Z");
    assertThat(pod.isReady()).isTrue();
  }

  @Test
  void createPodExample_provisioningWithEmptyRuntime_isNotReady() throws IOException {
    Pod pod = Json.mapper().treeToValue(example("/v2/pods", "post", "201"), Pod.class);

    assertThat(pod.status()).isEqualTo(PodStatus.PROVISIONING);
    assertThat(pod.runtime()).isPresent();
    assertThat(pod.ssh().orElseThrow().direct()).isEmpty();
    assertThat(pod.startedAt()).isEmpty();
    assertThat(pod.isReady()).isFalse();
  }

  @Test
  void catalogExamples_parseGpuTypeAndDataCenter() throws IOException {
    GpuType gpu =
        Json.mapper()
            .treeToValue(
                example("/v2/catalog/gpus", "get", "200").get("gpus").get(0), GpuType.class);
    DataCenter dc =
        Json.mapper()
            .treeToValue(
                example("/v2/catalog/datacenters", "get", "200").get("dataCenters").get(0),
                DataCenter.class);

    assertThat(gpu.manufacturer()).isEqualTo(GpuManufacturer.NVIDIA);
    assertThat(gpu.pool()).contains("ADA_24");
    assertThat(gpu.price().orElseThrow().serverless()).contains(1.1);
    assertThat(gpu.maxCount().orElseThrow().community()).isEqualTo(4);
    assertThat(gpu.availability()).contains(AvailabilityLevel.HIGH);
    assertThat(gpu.dataCenters().get(0).id()).isEqualTo("US-KS-2");
    assertThat(dc.region()).isEqualTo(DataCenterRegion.NORTH_AMERICA);
    assertThat(dc.gpuAvailability().get(0).availability()).isEqualTo(AvailabilityLevel.HIGH);
    assertThat(dc.cpuAvailability()).hasSize(1);
  }

  @Test
  void volumeAndTemplateExamples_parse() throws IOException {
    NetworkVolume v =
        Json.mapper()
            .treeToValue(
                example("/v2/network-volumes", "get", "200").get("networkVolumes").get(0),
                NetworkVolume.class);
    Template t =
        Json.mapper()
            .treeToValue(
                example("/v2/templates", "get", "200").get("templates").get(0), Template.class);

    assertThat(v.type()).isEqualTo(VolumeType.HIGH_PERFORMANCE);
    assertThat(v.size()).isEqualTo(100);
    assertThat(t.category()).isEqualTo(TemplateCategory.NVIDIA);
    assertThat(t.isPublic()).isFalse();
    assertThat(t.startSsh()).isTrue();
    assertThat(t.mounts().orElseThrow().persistent().orElseThrow().path()).isEqualTo("/workspace");
  }
}
