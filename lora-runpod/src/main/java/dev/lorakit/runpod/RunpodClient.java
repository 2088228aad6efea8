package dev.lorakit.runpod;

import dev.lorakit.runpod.catalog.DataCenter;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodAction;
import dev.lorakit.runpod.pod.PodLogEvent;
import dev.lorakit.runpod.pod.PodLogQuery;
import dev.lorakit.runpod.pod.UpdatePodRequest;
import dev.lorakit.runpod.template.CreateTemplateRequest;
import dev.lorakit.runpod.template.Template;
import dev.lorakit.runpod.template.TemplateSource;
import dev.lorakit.runpod.template.UpdateTemplateRequest;
import dev.lorakit.runpod.volume.CreateNetworkVolumeRequest;
import dev.lorakit.runpod.volume.NetworkVolume;
import dev.lorakit.runpod.volume.UpdateNetworkVolumeRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Client of the RunPod REST API v2 ({@code https://api.runpod.io/v2}). Thread-safe; create one per
 * application and close it at the end.
 *
 * <pre>{@code
 * try (RunpodClient client = RunpodClient.fromEnv()) {
 *   List<Pod> pods = client.listPods();
 * }
 * }</pre>
 *
 * <p>Failures are unchecked: {@link RunpodApiException} (and its per-status subclasses) when the
 * server answers with an error, {@link RunpodIoException} when the transport fails. Connection
 * failures and 429 are retried on every call; 5xx and broken connections only on idempotent calls
 * (GET, PATCH, PUT, DELETE). A pod create is never blindly retried after it may have reached the
 * server: use {@link PodLauncher} for creation that adopts a pod created despite an error.
 */
public final class RunpodClient implements AutoCloseable {
  /** Production endpoint; paths start with {@code /v2}. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.runpod.io");

  /** Environment variable holding the API key. */
  public static final String API_KEY_ENV = "RUNPOD_API_KEY";

  private final Transport transport;
  private final ExecutorService ownedExecutor;
  private final java.util.concurrent.Executor asyncExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunpodClient(Builder b) {
    HttpClient http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    this.transport =
        new Transport(
            http,
            normalise(b.baseUrl),
            b.apiKey,
            b.requestTimeout,
            b.retryPolicy,
            b.sleeper,
            b.userAgent);
    if (b.executor != null) {
      this.ownedExecutor = null;
      this.asyncExecutor = b.executor;
    } else {
      this.ownedExecutor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "runpod-client");
                t.setDaemon(true);
                return t;
              });
      this.asyncExecutor = ownedExecutor;
    }
  }

  private static URI normalise(URI uri) {
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("/v2")) {
      s = s.substring(0, s.length() - 3);
    }
    return URI.create(s);
  }

  /** A client with the key from {@code RUNPOD_API_KEY} and default settings. */
  public static RunpodClient fromEnv() {
    return fromEnv(System.getenv());
  }

  /** As {@link #fromEnv()}, reading the given environment. */
  public static RunpodClient fromEnv(Map<String, String> env) {
    String key = env.get(API_KEY_ENV);
    if (key == null || key.isBlank()) {
      throw new RunpodException(API_KEY_ENV + " is not set");
    }
    return builder().apiKey(key.strip()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint without {@code /v2}. */
  public URI baseUrl() {
    return transport.baseUrl();
  }

  /** Rate-limit state from the last response that carried the headers. */
  public Optional<RateLimitStatus> lastRateLimit() {
    return transport.lastRateLimit();
  }

  /**
   * The same operations returning {@code CompletableFuture}s that fail with the same exceptions.
   */
  public RunpodAsyncClient async() {
    ensureOpen();
    return new RunpodAsyncClient(this, asyncExecutor);
  }

  /** Renders requests instead of sending them, for {@code --dry-run}. */
  public RunpodDryRun dryRun() {
    return new RunpodDryRun(transport);
  }

  /** The retry policy of this client. */
  public RetryPolicy retryPolicy() {
    return transport.retryPolicy();
  }

  /** The wait strategy of this client. */
  public Sleeper sleeper() {
    return transport.sleeper();
  }

  private <T> T call(ApiCall<T> call) {
    ensureOpen();
    return transport.execute(call);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("RunpodClient is closed");
    }
  }

  // Pods

  /** {@code GET /v2/pods}: the account's pods, cluster members excluded. */
  public List<Pod> listPods() {
    return call(Endpoints.listPods(false));
  }

  public List<Pod> listPods(boolean includeClusterPods) {
    return call(Endpoints.listPods(includeClusterPods));
  }

  /** Pods with exactly this name (v2 has no server-side filter, so this lists all pods). */
  public List<Pod> findPodsByName(String name) {
    Objects.requireNonNull(name, "name");
    return listPods().stream().filter(p -> p.name().equals(name)).collect(Collectors.toList());
  }

  /** {@code GET /v2/pods/{id}}; throws {@link RunpodNotFoundException} for an unknown pod. */
  public Pod getPod(String id) {
    return call(Endpoints.getPod(id));
  }

  /** {@code GET /v2/pods/{id}}, empty when the pod does not exist (any more). */
  public Optional<Pod> findPod(String id) {
    try {
      return Optional.of(getPod(id));
    } catch (RunpodNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code POST /v2/pods}, one try plus retries only where the request cannot have been acted on
   * (connection refused, 429). Not idempotent: see {@link PodLauncher}.
   */
  public Pod createPod(CreatePodRequest request) {
    return call(Endpoints.createPod(request));
  }

  /** {@code PATCH /v2/pods/{id}}; may reset the pod. */
  public Pod updatePod(String id, UpdatePodRequest request) {
    return call(Endpoints.updatePod(id, request));
  }

  /**
   * {@code POST /v2/pods/{id}/action}. Returns the updated pod, or empty for {@code terminate}
   * (204). A transition not allowed in the current status throws {@link RunpodConflictException}.
   */
  public Optional<Pod> podAction(String id, PodAction action) {
    return call(Endpoints.podAction(id, action));
  }

  public Pod startPod(String id) {
    return podAction(id, PodAction.START).orElseGet(() -> getPod(id));
  }

  public Pod stopPod(String id) {
    return podAction(id, PodAction.STOP).orElseGet(() -> getPod(id));
  }

  public Pod restartPod(String id) {
    return podAction(id, PodAction.RESTART).orElseGet(() -> getPod(id));
  }

  /**
   * {@code DELETE /v2/pods/{id}}: terminates and deletes the pod. Idempotent: returns {@code false}
   * when the pod was already gone (404), {@code true} when this call deleted it.
   */
  public boolean terminatePod(String id) {
    try {
      return call(Endpoints.deletePod(id));
    } catch (RunpodNotFoundException e) {
      return false;
    }
  }

  /**
   * {@code GET /v2/pods/{id}/logs}: the Server-Sent Events stream as a lazy stream of events. The
   * server keeps streaming live lines, so limit the stream and close it:
   *
   * <pre>{@code
   * try (Stream<PodLogEvent> log = client.podLogs(id, PodLogQuery.builder().tail(200).build())) {
   *   log.limit(200).forEach(e -> System.out.println(e.line()));
   * }
   * }</pre>
   */
  public Stream<PodLogEvent> podLogs(String id, PodLogQuery query) {
    ensureOpen();
    ApiCall<Void> call = Endpoints.podLogs(id, query);
    Map<String, String> headers =
        query.lastEventId().map(v -> Map.of("Last-Event-ID", v)).orElse(Map.of());
    InputStream in = transport.openStream(call, headers);
    return SseReader.events(in);
  }

  // Catalog

  /** {@code GET /v2/catalog/gpus} with the given availability filters. */
  public List<GpuType> listGpuTypes(GpuTypeQuery query) {
    return call(Endpoints.listGpuTypes(query));
  }

  /** {@code GET /v2/catalog/gpus/{id}}, e.g. {@code NVIDIA L40S}. */
  public GpuType getGpuType(String id, GpuTypeQuery query) {
    return call(Endpoints.getGpuType(id, query));
  }

  /** {@code GET /v2/catalog/datacenters}, optionally with per-GPU stock. */
  public List<DataCenter> listDataCenters(boolean includeGpuAvailability) {
    return call(Endpoints.listDataCenters(includeGpuAvailability));
  }

  // Billing

  /**
   * What RunPod billed for one pod since {@code since} (rounded down to the hour), in USD: {@code
   * GET /v2/billing/pods?podId=}. Billing lags usage, so a pod just terminated may show less.
   */
  public double podSpend(String podId, java.time.Instant since) {
    return call(Endpoints.podSpend(podId, since));
  }

  // Network volumes

  public List<NetworkVolume> listNetworkVolumes() {
    return call(Endpoints.listNetworkVolumes());
  }

  public NetworkVolume getNetworkVolume(String id) {
    return call(Endpoints.getNetworkVolume(id));
  }

  public NetworkVolume createNetworkVolume(CreateNetworkVolumeRequest request) {
    return call(Endpoints.createNetworkVolume(request));
  }

  public NetworkVolume updateNetworkVolume(String id, UpdateNetworkVolumeRequest request) {
    return call(Endpoints.updateNetworkVolume(id, request));
  }

  /** Deletes a network volume; {@code false} when it was already gone. */
  public boolean deleteNetworkVolume(String id) {
    try {
      return call(Endpoints.deleteNetworkVolume(id));
    } catch (RunpodNotFoundException e) {
      return false;
    }
  }

  // Templates

  /** The account's own templates. */
  public List<Template> listTemplates() {
    return call(Endpoints.listTemplates());
  }

  /** The public template catalog (at most 100 entries). */
  public List<Template> listPublicTemplates(TemplateSource source) {
    return call(Endpoints.listPublicTemplates(source));
  }

  /** An owned or public template by id. */
  public Template getTemplate(String id) {
    return call(Endpoints.getTemplate(id));
  }

  public Template createTemplate(CreateTemplateRequest request) {
    return call(Endpoints.createTemplate(request));
  }

  public Template updateTemplate(String id, UpdateTemplateRequest request) {
    return call(Endpoints.updateTemplate(id, request));
  }

  /** Deletes a template; {@code false} when it was already gone. */
  public boolean deleteTemplate(String id) {
    try {
      return call(Endpoints.deleteTemplate(id));
    } catch (RunpodNotFoundException e) {
      return false;
    }
  }

  // Account

  /** The account's registered SSH public keys. */
  public List<String> sshKeys() {
    return call(Endpoints.getSshKeys());
  }

  /** Replaces the account's SSH public keys (not a merge). */
  public List<String> replaceSshKeys(List<String> keys) {
    return call(Endpoints.updateSshKeys(keys));
  }

  /**
   * Stops the client's own async threads. Calls after close throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "RunpodClient{baseUrl=" + transport.baseUrl() + ", apiKey=****}";
  }

  /** Settings of a {@link RunpodClient}; only the API key is required. */
  public static final class Builder {
    private String apiKey;
    private URI baseUrl = DEFAULT_BASE_URL;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private HttpClient httpClient;
    private java.util.concurrent.Executor executor;
    private Sleeper sleeper = Sleeper.REAL;
    private String userAgent = "lorakit-runpod/0.1";

    private Builder() {}

    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Endpoint, e.g. a test server; a trailing {@code /v2} is accepted and dropped. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      return baseUrl(URI.create(baseUrl));
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Per-request timeout; after it a create may still have happened on the server. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** A preconfigured {@link HttpClient} (proxy, SSL); timeouts set here still apply per call. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Executor of {@link #async()} calls; by default a daemon pool owned by the client. */
    public Builder executor(java.util.concurrent.Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /** How to wait between retries; {@link Sleeper#REAL} by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public RunpodClient build() {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalStateException("apiKey is required");
      }
      return new RunpodClient(this);
    }

    @Override
    public String toString() {
      return "RunpodClient.Builder{baseUrl=" + baseUrl + ", apiKey=****}";
    }
  }
}
