package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {
  private static final ObjectMapper M = new ObjectMapper();
  private final OpenApiSpec spec = OpenApiSpec.get();

  private List<String> createPod(String json) throws Exception {
    return spec.validate(spec.schema("CreatePodRequest"), M.readTree(json));
  }

  @Test
  void createPodRequest_minimalGpuPod_isValid() throws Exception {
    assertThat(createPod("{\"name\":\"a\",\"image\":\"i\",\"gpu\":{\"id\":\"NVIDIA L40S\"}}"))
        .isEmpty();
  }

  @Test
  void createPodRequest_unknownProperty_isUnevaluated() throws Exception {
    assertThat(createPod("{\"name\":\"a\",\"image\":\"i\",\"bogus\":1}"))
        .anyMatch(e -> e.contains("unevaluated property 'bogus'"));
  }

  @Test
  void createPodRequest_noImageNoTemplate_failsIfThen() throws Exception {
    assertThat(createPod("{\"name\":\"a\"}")).anyMatch(e -> e.contains("'image'"));
    assertThat(createPod("{\"name\":\"a\",\"templateId\":\"t\"}")).isEmpty();
  }

  @Test
  void createPodRequest_badNestedValues_areReportedWithPaths() throws Exception {
    List<String> errors =
        createPod(
            "{\"name\":\"\",\"image\":\"i\",\"cloud\":\"MOON\",\"gpu\":{\"id\":\"x\",\"count\":0,"
                + "\"minCudaVersion\":\"12\",\"extra\":true},"
                + "\"mounts\":{\"persistent\":{\"size\":5,\"path\":\"/w\"},\"other\":1}}");

    assertThat(errors)
        .anyMatch(e -> e.startsWith("$.name: shorter than 1"))
        .anyMatch(e -> e.startsWith("$.cloud:"))
        .anyMatch(e -> e.startsWith("$.gpu.count: 0 is below minimum 1"))
        .anyMatch(e -> e.startsWith("$.gpu.minCudaVersion: does not match"))
        .anyMatch(e -> e.contains("unevaluated property 'extra'"))
        .anyMatch(e -> e.startsWith("$.mounts.persistent.size"))
        .anyMatch(e -> e.contains("additional property 'other'"));
  }

  @Test
  void podSchema_nullableFields_acceptNullAndRejectWrongType() throws Exception {
    JsonNode pod =
        M.readTree(
            "{\"id\":\"p\",\"name\":\"n\",\"status\":\"RUNNING\",\"actions\":[],\"image\":\"i\","
                + "\"args\":\"\",\"disk\":1,\"mounts\":{},\"ports\":[],\"env\":{},\"registry\":null,"
                + "\"cloud\":\"SECURE\",\"dataCenterId\":null,\"cudaVersion\":null,"
                + "\"ssh\":{\"proxy\":null,\"direct\":null},\"template\":null,\"cost\":0.5,"
                + "\"locked\":false,\"runtime\":null,\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"startedAt\":null,\"globalNetworking\":{\"enabled\":false}}");

    assertThat(spec.validate(spec.schema("Pod"), pod)).isEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode) pod).put("cost", "cheap");
    assertThat(spec.validate(spec.schema("Pod"), pod)).anyMatch(e -> e.startsWith("$.cost"));
  }

  @Test
  void specExamples_ofPodAndCatalogOperations_validateAgainstTheirOwnSchemas() {
    List<String> problems = new ArrayList<>();
    JsonNode paths = specRoot().get("paths");
    for (String path :
        List.of(
            "/v2/pods",
            "/v2/pods/{id}",
            "/v2/pods/{id}/action",
            "/v2/catalog/gpus",
            "/v2/catalog/gpus/{id}",
            "/v2/network-volumes",
            "/v2/templates")) {
      for (Map.Entry<String, JsonNode> op : paths.get(path).properties()) {
        if (op.getKey().equals("parameters")) {
          continue;
        }
        for (Map.Entry<String, JsonNode> resp : op.getValue().get("responses").properties()) {
          JsonNode media = resp.getValue().path("content").path("application/json");
          for (JsonNode ex : media.path("examples")) {
            spec.validate(media.get("schema"), ex.get("value"))
                .forEach(
                    e -> problems.add(op.getKey() + " " + path + " " + resp.getKey() + " " + e));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static JsonNode specRoot() {
    try (var in = OpenApiSpec.class.getResourceAsStream("runpod-openapi-v2.json")) {
      return M.readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
