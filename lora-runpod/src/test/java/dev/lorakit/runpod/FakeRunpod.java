package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process fake of the RunPod REST API v2 on 127.0.0.1 (random port).
 *
 * <p>Every request body and query string is validated against {@code runpod-openapi-v2.json}; an
 * invalid one gets the real service's 422 problem and is recorded in {@link #requestViolations()}.
 * Every JSON answer the fake gives is validated against the response schema too ({@link
 * #responseViolations()}), so the fake cannot drift from the contract unnoticed.
 *
 * <p>Behaviour follows runpod.md §2 and §8: pods start {@code PROVISIONING}, become {@code RUNNING}
 * with {@code runtime: null}, then get a runtime; actions are allowed per status (409 otherwise);
 * DELETE answers 204 then 404; errors are {@code application/problem+json}. Scenario switches
 * inject the failures of issue 7.
 */
public final class FakeRunpod implements AutoCloseable {
  public static final String API_KEY = "rpa_FAKEKEY_0123456789abcdef";
  static final String CAPACITY_DETAIL =
      "There are no longer any instances available with the requested specifications. Please"
          + " refresh and try again.";

  private static final ObjectMapper M = new ObjectMapper();

  /** One recorded request. */
  static final class Recorded {
    final String method;
    final String path;
    final String query;
    final JsonNode body;

    Recorded(String method, String path, String query, JsonNode body) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.body = body;
    }

    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  static final class FakePod {
    final String id;
    final ObjectNode request;
    final String createdAt = Instant.now().toString();
    final long createdMillis = System.currentTimeMillis();
    long endedMillis;
    String status = "PROVISIONING";
    int polls;
    int hiddenFromLists;
    boolean everRunning;

    FakePod(String id, ObjectNode request) {
      this.id = id;
      this.request = request;
    }

    String name() {
      return request.path("name").asText();
    }

    String gpuId() {
      return request.path("gpu").path("id").asText(null);
    }

    String cloud() {
      return request.path("cloud").asText("SECURE");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final OpenApiSpec spec = OpenApiSpec.get();
  private final Random random = new Random(7);
  private final Object lock = new Object();

  private final Map<String, FakePod> pods = new LinkedHashMap<>();
  private final List<FakePod> everCreated = new ArrayList<>();
  private final List<Recorded> requests = new ArrayList<>();
  private final List<String> requestViolations = new ArrayList<>();
  private final List<String> responseViolations = new ArrayList<>();
  private final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
  private final Map<String, ObjectNode> templates = new LinkedHashMap<>();
  private final Map<String, double[]> gpus = new LinkedHashMap<>();
  private final Map<String, String> gpuAvailability = new HashMap<>();

  // Scenario switches.
  private int provisioningPolls = 1;
  private int noRuntimePolls = 1;
  private int failCreateAfterCreating;
  private int failCreateBeforeCreating;
  private int dropCreateAfterCreating;
  private int listLag;
  private int rateLimited;
  private int retryAfterSeconds = 1;
  private boolean insufficientBalance;
  private boolean unknownFields;
  private final Set<String> noCapacity = new HashSet<>();
  private final Deque<int[]> failGets = new ArrayDeque<>();
  private int requestCount;

  public FakeRunpod() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    gpus.put("NVIDIA L40S", new double[] {0.86, 0.79, 48});
    gpus.put("NVIDIA RTX 6000 Ada Generation", new double[] {0.77, 0.74, 48});
    gpus.put("NVIDIA A40", new double[] {0.40, 0.35, 48});
    gpus.put("NVIDIA GeForce RTX 4090", new double[] {0.69, 0.34, 24});
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public RunpodClient.Builder clientBuilder() {
    return RunpodClient.builder().apiKey(API_KEY).baseUrl(baseUrl());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Scenario switches --------------------------------------------------------------------------

  /** Polls of GET /pods/{id} spent in PROVISIONING, then RUNNING without runtime. */
  public FakeRunpod readiness(int provisioningPolls, int runningWithoutRuntimePolls) {
    synchronized (lock) {
      this.provisioningPolls = provisioningPolls;
      this.noRuntimePolls = runningWithoutRuntimePolls;
    }
    return this;
  }

  /** The next n creates make the pod and then answer 500 (the orphan bug). */
  FakeRunpod failCreateAfterCreating(int n) {
    synchronized (lock) {
      failCreateAfterCreating = n;
    }
    return this;
  }

  /** The next n creates answer 500 without making a pod. */
  FakeRunpod failCreateBeforeCreating(int n) {
    synchronized (lock) {
      failCreateBeforeCreating = n;
    }
    return this;
  }

  /** The next n creates make the pod and then drop the connection without an answer. */
  FakeRunpod dropCreateAfterCreating(int n) {
    synchronized (lock) {
      dropCreateAfterCreating = n;
    }
    return this;
  }

  /** A new pod stays out of GET /pods for this many list calls (listing lag). */
  FakeRunpod listLag(int calls) {
    synchronized (lock) {
      listLag = calls;
    }
    return this;
  }

  /** The next n authenticated requests get 429 with this Retry-After. */
  FakeRunpod rateLimitNext(int n, int retryAfterSeconds) {
    synchronized (lock) {
      rateLimited = n;
      this.retryAfterSeconds = retryAfterSeconds;
    }
    return this;
  }

  /** Creates for this GPU (optionally {@code gpu@CLOUD} or {@code gpu@CLOUD@DC}) answer 400. */
  public FakeRunpod noCapacity(String key) {
    synchronized (lock) {
      noCapacity.add(key);
    }
    return this;
  }

  FakeRunpod insufficientBalance(boolean on) {
    synchronized (lock) {
      insufficientBalance = on;
    }
    return this;
  }

  /** Adds fields and enum values this client has never heard of to every pod. */
  FakeRunpod unknownFields(boolean on) {
    synchronized (lock) {
      unknownFields = on;
    }
    return this;
  }

  /** The next n GETs answer with this status (e.g. 503). */
  FakeRunpod failGets(int n, int status) {
    synchronized (lock) {
      for (int i = 0; i < n; i++) {
        failGets.add(new int[] {status});
      }
    }
    return this;
  }

  FakeRunpod availability(String gpuId, String level) {
    synchronized (lock) {
      gpuAvailability.put(gpuId, level);
    }
    return this;
  }

  // Inspection ---------------------------------------------------------------------------------

  /** Pods that exist (any status but deleted): each still bills for at least its disk. */
  public List<String> livePodIds() {
    synchronized (lock) {
      return new ArrayList<>(pods.keySet());
    }
  }

  public List<String> livePodNames() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      pods.values().forEach(p -> out.add(p.name()));
      return out;
    }
  }

  /** An env value of a live pod whose container is up (has a runtime); empty otherwise. */
  java.util.Optional<String> readyPodEnv(String podId, String key) {
    synchronized (lock) {
      FakePod p = pods.get(podId);
      if (p == null
          || !p.status.equals("RUNNING")
          || p.polls <= provisioningPolls + noRuntimePolls) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.ofNullable(p.request.path("env").path(key).asText(null));
    }
  }

  public int podsEverCreated() {
    synchronized (lock) {
      return everCreated.size();
    }
  }

  List<Recorded> requests() {
    synchronized (lock) {
      return new ArrayList<>(requests);
    }
  }

  public long count(String method, String pathPrefix) {
    return requests().stream()
        .filter(r -> r.method.equals(method) && r.path.startsWith(pathPrefix))
        .count();
  }

  public List<String> requestViolations() {
    synchronized (lock) {
      return new ArrayList<>(requestViolations);
    }
  }

  public List<String> responseViolations() {
    synchronized (lock) {
      return new ArrayList<>(responseViolations);
    }
  }

  /** The host of a pod dies: it is EXITED without a runtime (it still bills for its disk). */
  public void kill(String podId) {
    synchronized (lock) {
      FakePod p = pods.get(podId);
      if (p != null) {
        p.status = "EXITED";
      }
    }
  }

  /** The network volume a pod mounts, and where. */
  public java.util.Optional<String[]> podVolume(String podId) {
    synchronized (lock) {
      FakePod p = pods.get(podId);
      if (p == null) {
        return java.util.Optional.empty();
      }
      JsonNode net = p.request.path("mounts").path("network").path(0);
      if (net.isMissingNode()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          new String[] {net.path("volumeId").asText(), net.path("path").asText()});
    }
  }

  /** The GPU type of every pod ever created, in creation order. */
  public List<String> gpusEverCreated() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      everCreated.forEach(p -> out.add(p.gpuId() + "@" + p.cloud()));
      return out;
    }
  }

  /** Network volumes by name. */
  public List<String> volumeNames() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      volumes.values().forEach(v -> out.add(v.path("name").asText()));
      return out;
    }
  }

  /** Creates a pod directly, as if made earlier by another process. */
  public String seedPod(String name, String gpuId, String status) {
    ObjectNode req = M.createObjectNode();
    req.put("name", name).put("image", "ostris/aitoolkit:0.12.26");
    req.putObject("gpu").put("id", gpuId).put("count", 1);
    synchronized (lock) {
      FakePod pod = new FakePod(newId(), req);
      pod.status = status;
      pod.polls = 1000;
      pods.put(pod.id, pod);
      everCreated.add(pod);
      return pod.id;
    }
  }

  // HTTP ---------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (RuntimeException e) {
      problem(ex, 500, "Internal Server Error", "fake: " + e, List.of());
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    byte[] bytes = ex.getRequestBody().readAllBytes();
    JsonNode body = null;
    if (bytes.length > 0) {
      try {
        body = M.readTree(bytes);
      } catch (IOException e) {
        problem(ex, 400, "Bad Request", "malformed JSON body", List.of());
        return;
      }
    }
    String decodedPath = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    synchronized (lock) {
      requests.add(new Recorded(method, decodedPath, rawQuery, body));
      requestCount++;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + API_KEY)) {
      problem(
          ex,
          401,
          "Unauthorized",
          auth == null ? "missing bearer token" : "invalid token",
          List.of());
      return;
    }
    rateLimitHeaders(ex);
    synchronized (lock) {
      if (rateLimited > 0) {
        rateLimited--;
        ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        problem(
            ex, 429, "Too Many Requests", "rate limit exceeded for the minute window", List.of());
        return;
      }
      if (method.equals("GET") && !failGets.isEmpty()) {
        int status = failGets.poll()[0];
        problem(ex, status, "Service Unavailable", "upstream unavailable", List.of());
        return;
      }
    }
    if (spec.operation(method, decodedPath).isEmpty()) {
      boolean known = spec.template(decodedPath).isPresent();
      problem(
          ex, known ? 405 : 404, known ? "Method Not Allowed" : "Not Found", "no route", List.of());
      return;
    }
    Map<String, String> query = parseQuery(rawQuery);
    List<String> violations = new ArrayList<>(spec.checkQuery(method, decodedPath, query));
    if (body != null) {
      violations.addAll(spec.checkRequestBody(method, decodedPath, body));
    } else if (spec.operation(method, decodedPath).get().has("requestBody")) {
      violations.add("missing request body");
    }
    if (!violations.isEmpty()) {
      synchronized (lock) {
        violations.forEach(v -> requestViolations.add(method + " " + decodedPath + ": " + v));
      }
      problem(ex, 422, "Unprocessable Entity", "Request validation failed.", violations);
      return;
    }
    String[] seg = decodedPath.substring(1).split("/");
    // seg[0] == "v2"
    String resource = seg.length > 1 ? seg[1] : "";
    switch (resource) {
      case "pods":
        pods(ex, method, decodedPath, seg, query, body);
        return;
      case "catalog":
        catalog(ex, decodedPath, seg, query);
        return;
      case "network-volumes":
        volumes(ex, method, decodedPath, seg, body);
        return;
      case "templates":
        templates(ex, method, decodedPath, seg, body);
        return;
      case "billing":
        billing(ex, decodedPath, seg, query);
        return;
      default:
        problem(ex, 404, "Not Found", "not emulated by the fake", List.of());
    }
  }

  private void pods(
      HttpExchange ex,
      String method,
      String path,
      String[] seg,
      Map<String, String> query,
      JsonNode body)
      throws IOException {
    if (seg.length == 2) {
      if (method.equals("GET")) {
        ObjectNode out = M.createObjectNode();
        ArrayNode list = out.putArray("pods");
        synchronized (lock) {
          for (FakePod p : pods.values()) {
            if (p.hiddenFromLists > 0) {
              p.hiddenFromLists--;
              continue;
            }
            list.add(podJson(p));
          }
        }
        json(ex, method, path, 200, out);
      } else {
        createPod(ex, path, (ObjectNode) body);
      }
      return;
    }
    String id = seg[2];
    FakePod pod;
    synchronized (lock) {
      pod = pods.get(id);
    }
    if (pod == null) {
      problem(ex, 404, "Not Found", "pod not found", List.of());
      return;
    }
    if (seg.length == 4 && seg[3].equals("logs")) {
      logs(ex, pod);
      return;
    }
    if (seg.length == 4 && seg[3].equals("action")) {
      action(ex, path, pod, body.get("action").asText());
      return;
    }
    switch (method) {
      case "GET":
        ObjectNode node;
        synchronized (lock) {
          pod.polls++;
          advance(pod);
          node = podJson(pod);
        }
        json(ex, method, path, 200, node);
        return;
      case "DELETE":
        synchronized (lock) {
          pods.remove(id).endedMillis = System.currentTimeMillis();
        }
        empty(ex, 204);
        return;
      case "PATCH":
        synchronized (lock) {
          body.properties().forEach(e -> pod.request.set(e.getKey(), e.getValue()));
          node = podJson(pod);
        }
        json(ex, method, path, 200, node);
        return;
      default:
        problem(ex, 405, "Method Not Allowed", method, List.of());
    }
  }

  private void createPod(HttpExchange ex, String path, ObjectNode body) throws IOException {
    boolean gpu = body.has("gpu");
    if (gpu == body.has("cpu")) {
      problem(ex, 400, "Bad Request", "exactly one of gpu or cpu must be set", List.of());
      return;
    }
    FakePod pod;
    boolean fail;
    boolean drop;
    synchronized (lock) {
      if (insufficientBalance) {
        problem(ex, 402, "Payment Required", "insufficient balance", List.of());
        return;
      }
      if (failCreateBeforeCreating > 0) {
        failCreateBeforeCreating--;
        problem(ex, 503, "Service Unavailable", "upstream unavailable", List.of());
        return;
      }
      if (gpu) {
        String id = body.get("gpu").get("id").asText();
        if (!gpus.containsKey(id)) {
          problem(ex, 400, "Bad Request", "unknown GPU type '" + id + "'", List.of());
          return;
        }
        String cloud = body.path("cloud").asText("SECURE");
        boolean full = noCapacity.contains(id) || noCapacity.contains(id + "@" + cloud);
        for (JsonNode dc : body.path("dataCenterIds")) {
          full |= noCapacity.contains(id + "@" + cloud + "@" + dc.asText());
        }
        if (full) {
          problem(ex, 400, "Bad Request", CAPACITY_DETAIL, List.of());
          return;
        }
      }
      JsonNode net = body.path("mounts").path("network").path(0);
      if (!net.isMissingNode()) {
        ObjectNode v = volumes.get(net.path("volumeId").asText());
        if (v == null) {
          problem(ex, 400, "Bad Request", "network volume not found", List.of());
          return;
        }
        String dc = v.get("dataCenter").asText();
        JsonNode dcs = body.path("dataCenterIds");
        boolean inDc = !dcs.isArray() || dcs.isEmpty();
        for (JsonNode d : dcs) {
          inDc |= d.asText().equals(dc);
        }
        if (!inDc || body.path("cloud").asText("SECURE").equals("COMMUNITY")) {
          problem(
              ex,
              400,
              "Bad Request",
              "network volume " + v.get("id").asText() + " is in " + dc + " (Secure Cloud)",
              List.of());
          return;
        }
        body = body.deepCopy();
        body.putArray("dataCenterIds").add(dc);
      }
      pod = new FakePod(newId(), body.deepCopy());
      pod.hiddenFromLists = listLag;
      pods.put(pod.id, pod);
      everCreated.add(pod);
      fail = failCreateAfterCreating > 0;
      if (fail) {
        failCreateAfterCreating--;
      }
      drop = !fail && dropCreateAfterCreating > 0;
      if (drop) {
        dropCreateAfterCreating--;
      }
    }
    if (fail) {
      problem(
          ex,
          500,
          "Internal Server Error",
          "Something went wrong. Please try again later or contact support.",
          List.of());
      return;
    }
    if (drop) {
      // Close without any answer: the client sees a broken connection after sending.
      return;
    }
    ObjectNode node;
    synchronized (lock) {
      node = podJson(pod);
    }
    json(ex, "POST", path, 201, node);
  }

  private void action(HttpExchange ex, String path, FakePod pod, String action) throws IOException {
    ObjectNode node;
    synchronized (lock) {
      advance(pod);
      if (!allowed(pod.status).contains(action)) {
        problem(
            ex,
            409,
            "Conflict",
            "action '" + action + "' is not valid for a pod in status " + pod.status,
            List.of());
        return;
      }
      switch (action) {
        case "terminate":
          pods.remove(pod.id);
          pod.endedMillis = System.currentTimeMillis();
          empty(ex, 204);
          return;
        case "stop":
          pod.status = "EXITED";
          break;
        case "start":
          pod.status = "STARTING";
          pod.polls = provisioningPolls;
          break;
        default:
          pod.status = "RUNNING";
      }
      node = podJson(pod);
    }
    json(ex, "POST", path, 200, node);
  }

  private void advance(FakePod pod) {
    if (pod.status.equals("PROVISIONING") || pod.status.equals("STARTING")) {
      if (pod.polls > provisioningPolls) {
        pod.status = "RUNNING";
      }
    }
  }

  private static List<String> allowed(String status) {
    switch (status) {
      case "RUNNING":
        return List.of("stop", "restart", "terminate");
      case "EXITED":
      case "ERROR":
        return List.of("start", "terminate");
      default:
        return List.of("stop", "terminate");
    }
  }

  private ObjectNode podJson(FakePod p) {
    ObjectNode n = M.createObjectNode();
    ObjectNode r = p.request;
    n.put("id", p.id);
    n.put("name", p.name());
    n.put("status", p.status);
    ArrayNode actions = n.putArray("actions");
    allowed(p.status).forEach(actions::add);
    n.put("image", r.path("image").asText("runpod/base:0.0.0"));
    n.put("args", r.path("args").asText(""));
    n.put("disk", r.path("disk").asInt(50));
    n.set("mounts", r.has("mounts") ? r.get("mounts").deepCopy() : M.createObjectNode());
    n.set("ports", r.has("ports") ? r.get("ports").deepCopy() : M.createArrayNode());
    n.set("env", r.has("env") ? r.get("env").deepCopy() : M.createObjectNode());
    n.putNull("registry");
    n.put("cloud", p.cloud());
    n.put("dataCenterId", r.path("dataCenterIds").path(0).asText("EU-RO-1"));
    n.put("cudaVersion", "12.8");
    ObjectNode ssh = n.putObject("ssh");
    ssh.putObject("proxy")
        .put("host", "ssh.runpod.io")
        .put("port", 22)
        .put("username", p.id + "-64411eb2")
        .put("command", "ssh " + p.id + "-64411eb2@ssh.runpod.io");
    ssh.putNull("direct");
    n.putNull("template");
    boolean running = p.status.equals("RUNNING");
    double price = 0;
    if (p.gpuId() != null && gpus.containsKey(p.gpuId())) {
      double[] g = gpus.get(p.gpuId());
      price = (p.cloud().equals("COMMUNITY") ? g[1] : g[0]) * r.path("gpu").path("count").asInt(1);
    }
    boolean billing = !p.status.equals("EXITED") && !p.status.equals("TERMINATED");
    n.put("cost", billing ? price : 0.0);
    n.put("locked", false);
    boolean hasRuntime = running && p.polls > provisioningPolls + noRuntimePolls;
    if (hasRuntime) {
      ObjectNode rt = n.putObject("runtime");
      rt.put("uptime", 30L * (p.polls - provisioningPolls - noRuntimePolls));
      rt.putArray("gpus").addObject().put("util", 0).put("memoryUtil", 0);
      ArrayNode ports = rt.putArray("ports");
      for (JsonNode port : r.path("ports")) {
        String[] parts = port.asText().split("/");
        ObjectNode pn = ports.addObject().put("private", Integer.parseInt(parts[0]));
        if (parts.length > 1 && parts[1].equals("tcp")) {
          pn.put("public", 40000 + random.nextInt(1000))
              .put("type", "tcp")
              .put("ip", "203.0.113.7");
        } else {
          pn.putNull("public").put("type", "http").putNull("ip");
        }
      }
      p.everRunning = true;
    } else {
      n.putNull("runtime");
    }
    n.put("createdAt", p.createdAt);
    if (running) {
      n.put("startedAt", p.createdAt);
    } else {
      n.putNull("startedAt");
    }
    n.putObject("globalNetworking").put("enabled", false);
    if (r.has("gpu")) {
      n.putObject("gpu")
          .put("id", r.get("gpu").get("id").asText())
          .put("count", r.get("gpu").path("count").asInt(1));
    }
    if (unknownFields) {
      n.put("hibernation", "soon");
      n.putObject("futureBlock").put("x", 1);
      n.put("status", "HIBERNATING");
      ((ArrayNode) n.get("actions")).add("hibernate");
    }
    return n;
  }

  private void logs(HttpExchange ex, FakePod pod) throws IOException {
    StringBuilder sb = new StringBuilder();
    String[] lines = {"Starting AI Toolkit UI", "Listening on 0.0.0.0:8675", "Ready."};
    for (int i = 0; i < lines.length; i++) {
      String ts = "2026-11-24T12:00:0" + i + "Z";
      ObjectNode d =
          M.createObjectNode().put("ts", ts).put("source", "container").put("line", lines[i]);
      sb.append("id: ").append(ts).append("/00000000000").append(i).append('\n');
      sb.append("data: ").append(M.writeValueAsString(d)).append("\n\n");
    }
    byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private void catalog(HttpExchange ex, String path, String[] seg, Map<String, String> query)
      throws IOException {
    String kind = seg.length > 2 ? seg[2] : "";
    if (!kind.equals("gpus")) {
      ObjectNode out = M.createObjectNode();
      ArrayNode dcs = out.putArray("dataCenters");
      for (String dc : List.of("EU-RO-1", "US-KS-2")) {
        ObjectNode d = dcs.addObject();
        d.put("id", dc)
            .put("name", dc)
            .put("region", dc.startsWith("EU") ? "EUROPE" : "NORTH_AMERICA");
        d.put("globalNetwork", true);
        d.putArray("networkVolumeTypes").add("STANDARD");
        d.putArray("compliance").add("GDPR");
      }
      json(ex, "GET", path, 200, out);
      return;
    }
    boolean availability = "AVAILABILITY".equals(query.get("include"));
    if (availability != query.containsKey("product")) {
      problem(ex, 400, "Bad Request", "include=AVAILABILITY requires product", List.of());
      return;
    }
    if (seg.length == 4) {
      String id = seg[3];
      if (!gpus.containsKey(id)) {
        problem(ex, 404, "Not Found", "gpu type not found", List.of());
        return;
      }
      json(ex, "GET", path, 200, gpuJson(id, availability));
      return;
    }
    ObjectNode out = M.createObjectNode();
    ArrayNode list = out.putArray("gpus");
    for (String id : gpus.keySet()) {
      list.add(gpuJson(id, availability));
    }
    json(ex, "GET", path, 200, out);
  }

  private ObjectNode gpuJson(String id, boolean availability) {
    double[] g = gpus.get(id);
    ObjectNode n = M.createObjectNode();
    n.put("id", id).put("name", id.replace("NVIDIA ", "").replace("GeForce ", ""));
    n.put("pool", "ADA_48_PRO").put("manufacturer", "NVIDIA").put("memory", (int) g[2]);
    n.put("secure", true).put("community", true);
    n.putObject("price").put("secure", g[0]).put("community", g[1]);
    n.putObject("maxCount").put("secure", 8).put("community", 4);
    if (availability) {
      String level;
      synchronized (lock) {
        level = gpuAvailability.getOrDefault(id, "HIGH");
      }
      n.put("availability", level);
      if (!level.equals("NONE")) {
        n.putArray("dataCenters")
            .addObject()
            .put("id", "EU-RO-1")
            .put("name", "Europe Romania 1")
            .put("availability", level);
      }
      n.putArray("cudaVersions")
          .addObject()
          .put("version", "12.8")
          .put("available", !level.equals("NONE"));
    }
    return n;
  }

  private void volumes(HttpExchange ex, String method, String path, String[] seg, JsonNode body)
      throws IOException {
    synchronized (lock) {
      if (seg.length == 2) {
        if (method.equals("GET")) {
          ObjectNode out = M.createObjectNode();
          ArrayNode list = out.putArray("networkVolumes");
          volumes.values().forEach(list::add);
          json(ex, method, path, 200, out);
        } else {
          ObjectNode v = M.createObjectNode();
          v.put("id", newId().substring(0, 10));
          v.put("name", body.get("name").asText()).put("size", body.get("size").asInt());
          v.put("dataCenter", body.get("dataCenter").asText());
          v.put("type", body.path("type").asText("STANDARD"));
          volumes.put(v.get("id").asText(), v);
          json(ex, method, path, 201, v);
        }
        return;
      }
      ObjectNode v = volumes.get(seg[2]);
      if (v == null) {
        problem(ex, 404, "Not Found", "network volume not found", List.of());
        return;
      }
      switch (method) {
        case "GET":
          json(ex, method, path, 200, v);
          return;
        case "DELETE":
          volumes.remove(seg[2]);
          empty(ex, 204);
          return;
        default:
          if (body.has("size") && body.get("size").asInt() < v.get("size").asInt()) {
            problem(ex, 400, "Bad Request", "network volume size cannot be reduced", List.of());
            return;
          }
          body.properties().forEach(e -> v.set(e.getKey(), e.getValue()));
          json(ex, method, path, 200, v);
      }
    }
  }

  /**
   * {@code GET /v2/billing/pods}: one bucket per pod (price times the pod's real lifetime), after
   * the spec's {@code ListPodBillingResponse}. {@code lastN} with {@code startTime} is 400.
   */
  private void billing(HttpExchange ex, String path, String[] seg, Map<String, String> query)
      throws IOException {
    if (seg.length != 3 || !seg[2].equals("pods")) {
      problem(ex, 404, "Not Found", "not emulated by the fake", List.of());
      return;
    }
    if (query.containsKey("lastN")
        && (query.containsKey("startTime") || query.containsKey("endTime"))) {
      problem(
          ex, 400, "Bad Request", "lastN is mutually exclusive with startTime/endTime", List.of());
      return;
    }
    String podId = query.get("podId");
    String bucket = query.getOrDefault("bucketSize", "day");
    Instant start = Instant.parse(query.getOrDefault("startTime", "2026-01-01T00:00:00Z"));
    Instant end = Instant.now().plusSeconds(3600);
    ObjectNode out = M.createObjectNode();
    ArrayNode records = out.putArray("records");
    double total = 0;
    int podsSeen = 0;
    synchronized (lock) {
      for (FakePod p : everCreated) {
        if (podId != null && !p.id.equals(podId)) {
          continue;
        }
        double[] g = p.gpuId() == null ? null : gpus.get(p.gpuId());
        double price = g == null ? 0 : p.cloud().equals("COMMUNITY") ? g[1] : g[0];
        long endMs = p.endedMillis > 0 ? p.endedMillis : System.currentTimeMillis();
        double usd = price * (endMs - p.createdMillis) / 3_600_000.0;
        ObjectNode r = records.addObject();
        r.put("startTime", start.toString()).put("endTime", end.toString()).put("podId", p.id);
        r.put("totalAmount", usd).put("gpuAmount", usd).put("cpuAmount", 0.0);
        r.put("diskAmount", 0.0);
        total += usd;
        podsSeen++;
      }
    }
    ObjectNode meta = out.putObject("metadata");
    ObjectNode q = meta.putObject("query");
    q.put("startTime", start.toString()).put("endTime", end.toString()).put("bucketSize", bucket);
    if (podId != null) {
      q.put("podId", podId);
    } else {
      q.putNull("podId");
    }
    meta.put("recordCount", records.size()).put("uniquePodCount", podsSeen);
    meta.putObject("totals")
        .put("totalAmount", total)
        .put("gpuAmount", total)
        .put("cpuAmount", 0.0)
        .put("diskAmount", 0.0);
    json(ex, "GET", path, 200, out);
  }

  private void templates(HttpExchange ex, String method, String path, String[] seg, JsonNode body)
      throws IOException {
    synchronized (lock) {
      if (seg.length == 2) {
        if (method.equals("GET")) {
          ObjectNode out = M.createObjectNode();
          ArrayNode list = out.putArray("templates");
          templates.values().forEach(list::add);
          json(ex, method, path, 200, out);
        } else {
          ObjectNode t = M.createObjectNode();
          t.put("id", "tpl_" + newId().substring(0, 6));
          t.put("name", body.get("name").asText()).put("image", body.get("image").asText());
          t.put("args", body.path("args").asText("")).put("disk", body.path("disk").asInt(50));
          t.set("mounts", body.has("mounts") ? body.get("mounts") : M.createObjectNode());
          t.set("ports", body.has("ports") ? body.get("ports") : M.createArrayNode());
          t.set("env", body.has("env") ? body.get("env") : M.createObjectNode());
          t.putNull("registry");
          t.put("serverless", body.path("serverless").asBoolean(false));
          t.put("public", body.path("public").asBoolean(false));
          t.put("category", body.path("category").asText("NVIDIA"));
          t.put("startSsh", body.path("startSsh").asBoolean(true));
          t.put("startJupyter", body.path("startJupyter").asBoolean(true));
          t.set(
              "allowedCudaVersions",
              body.has("allowedCudaVersions")
                  ? body.get("allowedCudaVersions")
                  : M.createArrayNode());
          templates.put(t.get("id").asText(), t);
          json(ex, method, path, 201, t);
        }
        return;
      }
      ObjectNode t = templates.get(seg[2]);
      if (t == null) {
        problem(ex, 404, "Not Found", "template not found", List.of());
        return;
      }
      if (method.equals("DELETE")) {
        templates.remove(seg[2]);
        empty(ex, 204);
      } else if (method.equals("GET")) {
        json(ex, method, path, 200, t);
      } else {
        body.properties().forEach(e -> t.set(e.getKey(), e.getValue()));
        json(ex, method, path, 200, t);
      }
    }
  }

  // Output -------------------------------------------------------------------------------------

  private String newId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private void rateLimitHeaders(HttpExchange ex) {
    int used;
    synchronized (lock) {
      used = requestCount;
    }
    ex.getResponseHeaders()
        .set(
            "RateLimit",
            "\"minute\";r="
                + Math.max(0, 60 - used)
                + ";t=42, \"hour\";r="
                + (3000 - used)
                + ";t=1812");
    ex.getResponseHeaders().set("RateLimit-Policy", "\"minute\";q=60;w=60, \"hour\";q=3000;w=3600");
  }

  private void json(HttpExchange ex, String method, String path, int status, JsonNode body)
      throws IOException {
    List<String> errors =
        unknownFields ? List.of() : spec.checkResponse(method, path, status, body);
    if (!errors.isEmpty()) {
      synchronized (lock) {
        errors.forEach(e -> responseViolations.add(method + " " + path + " " + status + ": " + e));
      }
    }
    send(ex, status, "application/json", M.writeValueAsBytes(body));
  }

  private void problem(
      HttpExchange ex, int status, String title, String detail, List<String> errors)
      throws IOException {
    ObjectNode p =
        M.createObjectNode().put("title", title).put("status", status).put("detail", detail);
    if (!errors.isEmpty()) {
      ArrayNode a = p.putArray("errors");
      errors.forEach(a::add);
    }
    send(ex, status, "application/problem+json", M.writeValueAsBytes(p));
  }

  private static void empty(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] bytes)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }
}
