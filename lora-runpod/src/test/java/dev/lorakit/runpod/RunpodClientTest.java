package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.runpod.catalog.AvailabilityLevel;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.CreateGpuConfig;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.LogSource;
import dev.lorakit.runpod.pod.Mounts;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.PodLogEvent;
import dev.lorakit.runpod.pod.PodLogQuery;
import dev.lorakit.runpod.pod.PodStatus;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import dev.lorakit.runpod.template.CreateTemplateRequest;
import dev.lorakit.runpod.template.Template;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;
import dev.lorakit.runpod.volume.NetworkVolume;
import dev.lorakit.runpod.volume.UpdateNetworkVolumeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunpodClientTest {
  private static final String UI_TOKEN = "ui-secret-token-5f1c2d";

  private FakeRunpod fake;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private RunpodClient client;
  private boolean expectRequestViolations;

  @BeforeEach
  void start() {
    fake = new FakeRunpod();
    client = fake.clientBuilder().sleeper(sleeps::add).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.livePodIds()).as("pods left on the fake").isEmpty();
      assertThat(fake.responseViolations()).as("fake answers off-contract").isEmpty();
      if (!expectRequestViolations) {
        assertThat(fake.requestViolations()).as("requests off-contract").isEmpty();
      }
    } finally {
      client.close();
      fake.close();
    }
  }

  static CreatePodRequest l40s(String name) {
    return CreatePodRequest.builder()
        .name(name)
        .image("ostris/aitoolkit:0.12.26")
        .gpu(CreateGpuConfig.builder().id("NVIDIA L40S").minCudaVersion("12.8").build())
        .cloud(Cloud.SECURE)
        .disk(100)
        .addPorts("8675/http", "22/tcp")
        .putEnv("AI_TOOLKIT_AUTH", UI_TOKEN)
        .putEnv("HF_HOME", "/workspace/hf")
        .mounts(Mounts.persistent(50, "/workspace"))
        .build();
  }

  @Test
  void createPod_validRequest_sendsSchemaValidBodyAndParsesPod() {
    Pod pod = client.createPod(l40s("lorakit-test-1"));

    assertThat(pod.name()).isEqualTo("lorakit-test-1");
    assertThat(pod.status()).isEqualTo(PodStatus.PROVISIONING);
    assertThat(pod.gpu()).hasValueSatisfying(g -> assertThat(g.id()).isEqualTo("NVIDIA L40S"));
    assertThat(pod.cost()).isEqualTo(0.86);
    assertThat(pod.isReady()).isFalse();
    JsonNode sent = fake.requests().get(0).body;
    assertThat(sent.has("dataCenterIds")).as("empty lists are left out").isFalse();
    assertThat(sent.get("gpu").get("minCudaVersion").asText()).isEqualTo("12.8");
    assertThat(client.terminatePod(pod.id())).isTrue();
  }

  @Test
  void getPod_polledUntilRuntime_becomesReadyOnlyWithRuntime() {
    fake.readiness(1, 2);
    Pod pod = client.createPod(l40s("lorakit-ready"));

    Pod first = client.getPod(pod.id());
    Pod second = client.getPod(pod.id());
    Pod third = client.getPod(pod.id());
    Pod fourth = client.getPod(pod.id());

    assertThat(first.status()).isEqualTo(PodStatus.PROVISIONING);
    assertThat(second.status()).isEqualTo(PodStatus.RUNNING);
    assertThat(second.runtime()).isEmpty();
    assertThat(third.isReady()).isFalse();
    assertThat(fourth.isReady()).isTrue();
    assertThat(fourth.runtime().get().ports())
        .extracting(p -> p.privatePort().orElse(0))
        .containsExactly(8675, 22);
    assertThat(fourth.proxyUrl(8675)).isEqualTo("https://" + pod.id() + "-8675.proxy.runpod.net");
    client.terminatePod(pod.id());
  }

  @Test
  void podActions_followStatusRules_andConflictCarriesProblemDetail() {
    fake.readiness(0, 0);
    Pod pod = client.createPod(l40s("lorakit-actions"));
    client.getPod(pod.id());

    Pod stopped = client.stopPod(pod.id());
    assertThat(stopped.status()).isEqualTo(PodStatus.EXITED);
    assertThat(stopped.cost()).isZero();
    assertThat(stopped.actions()).containsExactly(PodAction.START, PodAction.TERMINATE);

    assertThatThrownBy(() -> client.stopPod(pod.id()))
        .isInstanceOf(RunpodConflictException.class)
        .hasMessageStartingWith("POST /v2/pods/" + pod.id() + "/action 409: ")
        .hasMessageContaining("not valid for a pod in status EXITED")
        .satisfies(
            e -> {
              RunpodConflictException c = (RunpodConflictException) e;
              assertThat(c.statusCode()).isEqualTo(409);
              assertThat(c.method()).isEqualTo("POST");
              assertThat(c.errorBody().title()).contains("Conflict");
            });

    assertThat(client.startPod(pod.id()).status()).isEqualTo(PodStatus.STARTING);
    assertThat(client.podAction(pod.id(), PodAction.TERMINATE)).isEmpty();
    assertThat(client.findPod(pod.id())).isEmpty();
  }

  @Test
  void terminatePod_twice_secondCallTreats404AsGone() {
    Pod pod = client.createPod(l40s("lorakit-term"));

    assertThat(client.terminatePod(pod.id())).isTrue();
    assertThat(client.terminatePod(pod.id())).isFalse();
    assertThat(fake.count("DELETE", "/v2/pods/")).isEqualTo(2);
  }

  @Test
  void getPod_unknownId_throwsNotFoundWithMethodPathAndDetail() {
    assertThatThrownBy(() -> client.getPod("nope"))
        .isInstanceOf(RunpodNotFoundException.class)
        .hasMessage("GET /v2/pods/nope 404: pod not found");
  }

  @Test
  void anyCall_wrongKey_throwsUnauthorizedWithoutLeakingKey() {
    String wrongKey = "rpa_WRONG_KEY_abcdef123456";
    try (RunpodClient bad =
        RunpodClient.builder().apiKey(wrongKey).baseUrl(fake.baseUrl()).build()) {
      assertThatThrownBy(bad::listPods)
          .isInstanceOf(RunpodUnauthorizedException.class)
          .hasMessage("GET /v2/pods 401: invalid token")
          .satisfies(e -> assertThat(e.toString()).doesNotContain(wrongKey));
      assertThat(bad.toString()).doesNotContain(wrongKey);
    }
  }

  @Test
  void listPods_rateLimited_honoursRetryAfterThenSucceeds() {
    fake.rateLimitNext(2, 3);

    List<Pod> pods = client.listPods();

    assertThat(pods).isEmpty();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThat(fake.count("GET", "/v2/pods")).isEqualTo(3);
  }

  @Test
  void createPod_rateLimited_isRetriedBecauseNothingWasCreated() {
    fake.rateLimitNext(1, 2);

    Pod pod = client.createPod(l40s("lorakit-429"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    client.terminatePod(pod.id());
  }

  @Test
  void anyCall_rateLimitedBeyondAttempts_throwsRateLimitedWithRetryAfter() {
    fake.rateLimitNext(10, 5);

    assertThatThrownBy(client::listPods)
        .isInstanceOf(RunpodRateLimitedException.class)
        .hasMessage("GET /v2/pods 429: rate limit exceeded for the minute window")
        .satisfies(
            e ->
                assertThat(((RunpodRateLimitedException) e).retryAfter())
                    .contains(Duration.ofSeconds(5)));
    assertThat(fake.count("GET", "/v2/pods")).isEqualTo(4);
  }

  @Test
  void getPod_serverErrors_areRetriedWithBackoff() {
    Pod pod = client.createPod(l40s("lorakit-503"));
    fake.failGets(2, 503);

    Pod again = client.getPod(pod.id());

    assertThat(again.id()).isEqualTo(pod.id());
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    client.terminatePod(pod.id());
  }

  @Test
  void createPod_serverErrorAfterCreating_isNotRetried() {
    fake.failCreateAfterCreating(1);

    assertThatThrownBy(() -> client.createPod(l40s("lorakit-orphan")))
        .isInstanceOf(RunpodServerException.class)
        .hasMessageStartingWith("POST /v2/pods 500: Something went wrong");

    assertThat(fake.count("POST", "/v2/pods")).isEqualTo(1);
    // The pod exists although the create failed: exactly the orphan PodLauncher guards against.
    List<Pod> orphans = client.findPodsByName("lorakit-orphan");
    assertThat(orphans).hasSize(1);
    client.terminatePod(orphans.get(0).id());
  }

  @Test
  void createPod_connectionDroppedAfterCreating_reportsMayHaveReachedServer() {
    fake.dropCreateAfterCreating(1);

    assertThatThrownBy(() -> client.createPod(l40s("lorakit-drop")))
        .isInstanceOf(RunpodIoException.class)
        .satisfies(e -> assertThat(((RunpodIoException) e).mayHaveReachedServer()).isTrue());

    assertThat(fake.count("POST", "/v2/pods")).isEqualTo(1);
    client.findPodsByName("lorakit-drop").forEach(p -> client.terminatePod(p.id()));
  }

  @Test
  void anyCall_connectionRefused_retriesThenThrowsIoExceptionNotSent() {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    try (RunpodClient dead =
        RunpodClient.builder()
            .apiKey(FakeRunpod.API_KEY)
            .baseUrl("http://127.0.0.1:" + port)
            .sleeper(sleeps::add)
            .build()) {
      assertThatThrownBy(() -> dead.createPod(l40s("never")))
          .isInstanceOf(RunpodIoException.class)
          .hasMessageStartingWith("POST /v2/pods: ")
          .satisfies(e -> assertThat(((RunpodIoException) e).mayHaveReachedServer()).isFalse())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FakeRunpod.API_KEY));
    }
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void getPod_unknownFieldsAndEnumValues_areTolerated() {
    Pod pod = client.createPod(l40s("lorakit-future"));
    fake.unknownFields(true);

    Pod seen = client.getPod(pod.id());

    assertThat(seen.status()).isEqualTo(PodStatus.UNKNOWN);
    assertThat(seen.actions()).contains(PodAction.UNKNOWN);
    fake.unknownFields(false);
    client.terminatePod(pod.id());
  }

  @Test
  void anyCall_rateLimitHeaders_areExposed() {
    client.listPods();

    RateLimitStatus status = client.lastRateLimit().orElseThrow();
    assertThat(status.window("minute").flatMap(RateLimitWindow::quota)).contains(60L);
    assertThat(status.window("minute").flatMap(RateLimitWindow::windowSeconds)).contains(60L);
    assertThat(status.window("hour").flatMap(RateLimitWindow::remaining)).contains(2999L);
    assertThat(status.minRemaining()).contains(59L);
  }

  @Test
  void async_failure_completesWithSameExceptionType() throws Exception {
    CompletableFuture<Pod> future = client.async().getPod("missing");

    Throwable failure = future.handle((ok, err) -> err).get(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(RunpodNotFoundException.class);
    assertThat(client.async().listPods().get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void dryRun_createPod_rendersRedactedSchemaValidRequestAndSendsNothing() throws Exception {
    RenderedRequest r = client.dryRun().createPod(l40s("lorakit-dry"));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.url()).isEqualTo(fake.baseUrl() + "/v2/pods");
    assertThat(r.headers()).containsEntry("Authorization", "Bearer ****");
    assertThat(r.toText())
        .contains("\"NVIDIA L40S\"", "\"8675/http\"", "\"ostris/aitoolkit:0.12.26\"")
        .contains("\"AI_TOOLKIT_AUTH\" : \"****\"", "\"HF_HOME\" : \"/workspace/hf\"")
        .doesNotContain(UI_TOKEN, FakeRunpod.API_KEY);
    JsonNode body = Json.mapper().readTree(r.body().orElseThrow());
    assertThat(OpenApiSpec.get().checkRequestBody("POST", "/v2/pods", body)).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void toString_requestsAndClient_neverShowSecrets() {
    assertThat(l40s("x").toString()).doesNotContain(UI_TOKEN);
    assertThat(client.toString()).doesNotContain(FakeRunpod.API_KEY);
    assertThat(
            UpdatePodRequest.builder().env(Map.of("AI_TOOLKIT_AUTH", UI_TOKEN)).build().toString())
        .doesNotContain(UI_TOKEN);
  }

  @Test
  void getGpuType_withAvailability_readsLivePriceAndStock() {
    fake.availability("NVIDIA L40S", "LOW");

    GpuType l40s = client.getGpuType("NVIDIA L40S", GpuTypeQuery.podAvailability(Cloud.SECURE));
    List<GpuType> all = client.listGpuTypes(GpuTypeQuery.pricesOnly());

    assertThat(l40s.pricePerGpuHour(Cloud.SECURE)).isEqualTo(0.86);
    assertThat(l40s.pricePerGpuHour(Cloud.COMMUNITY)).isEqualTo(0.79);
    assertThat(l40s.availability()).contains(AvailabilityLevel.LOW);
    assertThat(l40s.memory()).isEqualTo(48);
    assertThat(all).extracting(GpuType::id).contains("NVIDIA L40S", "NVIDIA A40");
    assertThat(all.get(0).availability()).isEmpty();
    assertThat(fake.requests().get(0).query)
        .isEqualTo("include=AVAILABILITY&product=POD&cloud=SECURE");
    assertThat(fake.requests().get(0).path).isEqualTo("/v2/catalog/gpus/NVIDIA L40S");
  }

  @Test
  void networkVolumes_crud_roundTrips() {
    NetworkVolume v =
        client.createNetworkVolume(CreateNetworkVolumeRequest.of("data", 50, "EU-RO-1"));
    NetworkVolume grown =
        client.updateNetworkVolume(v.id(), UpdateNetworkVolumeRequest.builder().size(80).build());

    assertThat(client.listNetworkVolumes()).extracting(NetworkVolume::name).containsExactly("data");
    assertThat(grown.size()).isEqualTo(80);
    assertThat(client.getNetworkVolume(v.id()).dataCenter()).isEqualTo("EU-RO-1");
    assertThat(client.deleteNetworkVolume(v.id())).isTrue();
    assertThat(client.deleteNetworkVolume(v.id())).isFalse();
  }

  @Test
  void updateNetworkVolume_sizeBelowSchemaMinimum_gets422WithErrors() {
    expectRequestViolations = true;
    NetworkVolume v =
        client.createNetworkVolume(CreateNetworkVolumeRequest.of("data", 50, "EU-RO-1"));

    assertThatThrownBy(
            () ->
                client.updateNetworkVolume(
                    v.id(), UpdateNetworkVolumeRequest.builder().size(5).build()))
        .isInstanceOf(RunpodUnprocessableException.class)
        .satisfies(
            e ->
                assertThat(((RunpodUnprocessableException) e).errorBody().errors())
                    .anyMatch(s -> s.contains("below minimum 10")));
    assertThat(fake.count("PATCH", "/v2/network-volumes")).as("422 is never retried").isEqualTo(1);
    client.deleteNetworkVolume(v.id());
  }

  @Test
  void templates_crud_roundTrips() {
    Template t =
        client.createTemplate(
            CreateTemplateRequest.builder()
                .name("aitk")
                .image("ostris/aitoolkit:0.12.26")
                .addPorts("8675/http")
                .startJupyter(false)
                .build());

    assertThat(t.startJupyter()).isFalse();
    assertThat(t.startSsh()).as("server default").isTrue();
    assertThat(client.getTemplate(t.id()).ports()).containsExactly("8675/http");
    assertThat(client.listTemplates()).hasSize(1);
    assertThat(client.deleteTemplate(t.id())).isTrue();
    assertThat(client.listTemplates()).isEmpty();
  }

  @Test
  void podLogs_sseStream_yieldsEventsWithCursor() {
    Pod pod = client.createPod(l40s("lorakit-logs"));
    List<PodLogEvent> events;
    try (Stream<PodLogEvent> log =
        client.podLogs(
            pod.id(), PodLogQuery.builder().source(LogSource.CONTAINER).tail(10).build())) {
      events = log.collect(Collectors.toList());
    }

    assertThat(events).extracting(PodLogEvent::line).contains("Listening on 0.0.0.0:8675");
    assertThat(events.get(0).source()).isEqualTo(LogSource.CONTAINER);
    assertThat(events.get(0).eventId())
        .hasValueSatisfying(id -> assertThat(id).startsWith("2026-"));
    client.terminatePod(pod.id());
  }

  @Test
  void anyCall_debugLogging_neverContainsKeyOrEnvSecrets() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Transport.class.getName());
    List<String> logged = new CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            logged.add(String.valueOf(record.getMessage()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Level old = jul.getLevel();
    jul.setLevel(java.util.logging.Level.ALL);
    jul.addHandler(handler);
    try {
      Pod pod = client.createPod(l40s("lorakit-log"));
      client.getPod(pod.id());
      client.terminatePod(pod.id());
    } finally {
      jul.removeHandler(handler);
      jul.setLevel(old);
    }

    assertThat(logged).isNotEmpty().anyMatch(m -> m.startsWith("POST /v2/pods -> 201"));
    assertThat(logged).noneMatch(m -> m.contains(FakeRunpod.API_KEY) || m.contains(UI_TOKEN));
  }

  @Test
  void fromEnv_missingKey_throwsWithoutStartingClient() {
    assertThatThrownBy(() -> RunpodClient.fromEnv(Map.of()))
        .isInstanceOf(RunpodException.class)
        .hasMessage("RUNPOD_API_KEY is not set");
    try (RunpodClient c = RunpodClient.fromEnv(Map.of("RUNPOD_API_KEY", "k-123"))) {
      assertThat(c.baseUrl().toString()).isEqualTo("https://api.runpod.io");
    }
  }
}
