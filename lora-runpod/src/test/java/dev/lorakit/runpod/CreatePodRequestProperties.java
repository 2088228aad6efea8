package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.CreateCpuConfig;
import dev.lorakit.runpod.pod.CreateGpuConfig;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.ImmutableCreatePodRequest;
import dev.lorakit.runpod.pod.Mounts;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every create or update body the client can build validates against the v2 OpenAPI schema and
 * reads back equal. Each value is built from a seed, which QuickTheories reports on failure.
 */
class CreatePodRequestProperties {
  private static final String[] GPUS = {"NVIDIA L40S", "NVIDIA  RTX A4500", "NVIDIA A40"};
  private static final OpenApiSpec SPEC = OpenApiSpec.get();

  static CreatePodRequest request(long seed) {
    Random r = new Random(seed);
    ImmutableCreatePodRequest.Builder b =
        CreatePodRequest.builder().name("lorakit-" + Long.toString(seed & 0xffffff, 36));
    boolean template = r.nextInt(4) == 0;
    if (template) {
      b.templateId("tpl" + r.nextInt(1000));
    }
    if (!template || r.nextBoolean()) {
      b.image("ostris/aitoolkit:0.12." + r.nextInt(30));
    }
    if (r.nextBoolean()) {
      b.args(r.nextBoolean() ? "" : "--port 8675");
    }
    if (r.nextBoolean()) {
      b.disk(1 + r.nextInt(500));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      b.addPorts((1000 + r.nextInt(9000)) + (r.nextBoolean() ? "/http" : "/tcp"));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      b.putEnv("K" + i, "v=" + r.nextInt() + " \u00e9\"");
    }
    if (r.nextBoolean()) {
      b.cloud(r.nextBoolean() ? Cloud.SECURE : Cloud.COMMUNITY);
    }
    boolean cpu = r.nextInt(5) == 0;
    if (cpu) {
      b.cpu(CreateCpuConfig.of("cpu5c", 2 << r.nextInt(4)));
    } else {
      var g = CreateGpuConfig.builder().id(GPUS[r.nextInt(GPUS.length)]).count(1 + r.nextInt(8));
      int cuda = r.nextInt(3);
      if (cuda == 1) {
        g.addAllowedCudaVersions("12." + r.nextInt(10), "11.8");
      } else if (cuda == 2) {
        g.minCudaVersion("12." + r.nextInt(12));
      }
      b.gpu(g.build());
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      b.addDataCenterIds(List.of("EU-RO-1", "US-KS-2", "CA-MTL-1").get(i - 1));
    }
    int mount = r.nextInt(3);
    if (mount == 1 && !cpu) {
      b.mounts(Mounts.persistent(10 + r.nextInt(1000), "/workspace"));
    } else if (mount == 2) {
      b.mounts(Mounts.network("vol" + r.nextInt(100), "/runpod-volume"));
    }
    if (r.nextBoolean()) {
      b.startSsh(r.nextBoolean());
    }
    if (r.nextBoolean()) {
      b.startJupyter(r.nextBoolean());
    }
    if (r.nextBoolean()) {
      b.globalNetworking(r.nextBoolean());
    }
    return b.build();
  }

  @Test
  void createPodRequest_anyBuildableValue_validatesAgainstSchemaAndRoundTrips() {
    qt().withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              CreatePodRequest request = request(seed);
              JsonNode json = Json.mapper().valueToTree(request);
              assertThat(SPEC.checkRequestBody("POST", "/v2/pods", json)).isEmpty();
              assertThat(Json.mapper().convertValue(json, CreatePodRequest.class))
                  .isEqualTo(request);
            });
  }

  @Test
  void updatePodRequest_anyBuildableValue_validatesAgainstSchema() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              var b = UpdatePodRequest.builder();
              if (r.nextBoolean()) {
                b.name("n" + r.nextInt(100));
              }
              if (r.nextBoolean()) {
                b.ports(r.nextBoolean() ? List.of() : List.of("8675/http"));
              }
              if (r.nextBoolean()) {
                b.locked(r.nextBoolean());
              }
              if (r.nextBoolean()) {
                b.disk(1 + r.nextInt(100));
              }
              UpdatePodRequest u = b.build();
              JsonNode json = Json.mapper().valueToTree(u);
              assertThat(SPEC.checkRequestBody("PATCH", "/v2/pods/abc", json)).isEmpty();
              assertThat(json.has("ports")).isEqualTo(u.ports().isPresent());
            });
  }
}
