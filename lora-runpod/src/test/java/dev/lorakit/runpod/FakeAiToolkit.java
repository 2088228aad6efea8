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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process fake of the ai-toolkit web UI behind the RunPod proxy, after ai-toolkit-ui-api.md.
 * URLs are {@code http://127.0.0.1:<port>/pod/<podId>/api/...}: the "proxy" answers 502 until the
 * pod on the {@link FakeRunpod} has a runtime (and after it is gone), the UI demands the pod's
 * {@code AI_TOOLKIT_AUTH} on {@code /api/*} except {@code /api/files}, and a job trains only after
 * both the job and its queue were started. Every poll of {@code GET /api/jobs?id=} advances a
 * running job; saves write deterministic checkpoint bytes that appear half-written in their first
 * listing, rotate out per {@code max_step_saves_to_keep}, and are served with {@code Range}.
 */
final class FakeAiToolkit implements AutoCloseable {
  private static final ObjectMapper M = new ObjectMapper();
  static final String OUTPUT = "/app/ai-toolkit/output";

  static final class Job {
    final String id = UUID.randomUUID().toString();
    final String name;
    final String gpuIds;
    final JsonNode config;
    String status = "stopped";
    int step;
    String info = "";
    boolean stop;

    Job(String name, String gpuIds, JsonNode config) {
      this.name = name;
      this.gpuIds = gpuIds;
      this.config = config;
    }

    JsonNode process() {
      return config.path("config").path("process").path(0);
    }

    int total() {
      return process().path("train").path("steps").asInt();
    }

    int saveEvery() {
      return process().path("save").path("save_every").asInt(250);
    }

    int keep() {
      return process().path("save").path("max_step_saves_to_keep").asInt(5);
    }
  }

  private final FakeRunpod runpod;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Map<String, byte[]>> datasets = new TreeMap<>();

  /** Absolute path to content, and which files were listed once (growing files). */
  private final Map<String, byte[]> files = new TreeMap<>();

  private final Map<String, Boolean> listedOnce = new LinkedHashMap<>();
  private boolean queueRunning;
  private int bootFailures;
  private int stepsPerPoll = 100;
  private int errorAtStep = -1;
  private int resetDownloads;
  private final List<String> rangeRequests = new ArrayList<>();
  private final List<String> unauthorized = new ArrayList<>();

  FakeAiToolkit(FakeRunpod runpod) {
    this.runpod = runpod;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The proxy URL template a run should use. */
  String proxyTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/pod/{podId}";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  FakeAiToolkit bootFailures(int n) {
    synchronized (lock) {
      bootFailures = n;
    }
    return this;
  }

  FakeAiToolkit stepsPerPoll(int n) {
    synchronized (lock) {
      stepsPerPoll = n;
    }
    return this;
  }

  FakeAiToolkit errorAtStep(int step) {
    synchronized (lock) {
      errorAtStep = step;
    }
    return this;
  }

  /** The next n downloads send half the body, then drop the connection. */
  FakeAiToolkit resetDownloads(int n) {
    synchronized (lock) {
      resetDownloads = n;
    }
    return this;
  }

  Map<String, byte[]> dataset(String name) {
    synchronized (lock) {
      return new TreeMap<>(datasets.getOrDefault(name, Map.of()));
    }
  }

  /** Content of every checkpoint ever written, by file name (rotated ones included). */
  private final Map<String, byte[]> everWritten = new TreeMap<>();

  Map<String, byte[]> checkpointsEverWritten() {
    synchronized (lock) {
      return new TreeMap<>(everWritten);
    }
  }

  Optional<Job> job() {
    synchronized (lock) {
      return jobs.values().stream().findFirst();
    }
  }

  int jobCount() {
    synchronized (lock) {
      return jobs.size();
    }
  }

  List<String> rangeRequests() {
    synchronized (lock) {
      return new ArrayList<>(rangeRequests);
    }
  }

  List<String> unauthorized() {
    synchronized (lock) {
      return new ArrayList<>(unauthorized);
    }
  }

  static byte[] checkpointBytes(String name, int step) {
    byte[] b = new byte[8192 + (step % 97) + name.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + step + name.length());
    }
    return b;
  }

  // HTTP

  private static final Pattern POD = Pattern.compile("^/pod/([^/]+)(/.*)$");

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (RuntimeException e) {
      text(ex, 500, "fake: " + e);
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    Matcher m = POD.matcher(raw);
    if (!m.matches()) {
      text(ex, 404, "no such proxy route");
      return;
    }
    String podId = m.group(1);
    String path = m.group(2);
    Optional<String> token = runpod.readyPodEnv(podId, "AI_TOOLKIT_AUTH");
    if (token.isEmpty()) {
      text(ex, 502, "Bad Gateway"); // RunPod proxy: container not up (or pod gone)
      return;
    }
    byte[] body = ex.getRequestBody().readAllBytes();
    synchronized (lock) {
      if (bootFailures > 0) {
        bootFailures--;
        text(ex, 502, "UI server unavailable");
        return;
      }
    }
    if (path.startsWith("/api/files/")) {
      serveFile(ex, path);
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String[] parts = auth == null ? new String[0] : auth.split(" ");
    if (parts.length < 2 || !parts[1].equals(token.get())) {
      synchronized (lock) {
        unauthorized.add(path);
      }
      json(ex, 401, M.createObjectNode().put("error", "Unauthorized"));
      return;
    }
    String query = ex.getRequestURI().getRawQuery();
    synchronized (lock) {
      api(ex, ex.getRequestMethod(), path, query, body);
    }
  }

  private void api(HttpExchange ex, String method, String path, String query, byte[] body)
      throws IOException {
    if (path.equals("/api/auth")) {
      json(ex, 200, M.createObjectNode().put("isAuthenticated", true));
      return;
    }
    if (path.equals("/api/datasets/upload") && method.equals("POST")) {
      upload(ex, body);
      return;
    }
    if (path.equals("/api/jobs") && method.equals("POST")) {
      JsonNode req = M.readTree(body);
      String name = req.path("name").asText(null);
      if (name == null || !req.has("job_config") || !req.has("gpu_ids")) {
        json(ex, 500, M.createObjectNode().put("error", "Failed to save training data"));
        return;
      }
      if (jobs.values().stream().anyMatch(j -> j.name.equals(name))) {
        json(ex, 409, M.createObjectNode().put("error", "Job name already exists"));
        return;
      }
      Job job = new Job(name, req.get("gpu_ids").asText(), req.get("job_config"));
      jobs.put(job.id, job);
      json(ex, 200, row(job));
      return;
    }
    if (path.equals("/api/jobs") && method.equals("GET")) {
      Map<String, String> q = query(query);
      if (q.containsKey("id")) {
        Job job = jobs.get(q.get("id"));
        if (job == null) {
          json(ex, 200, M.nullNode());
          return;
        }
        advance(job);
        json(ex, 200, row(job));
        return;
      }
      ObjectNode out = M.createObjectNode();
      ArrayNode list = out.putArray("jobs");
      jobs.values().forEach(j -> list.add(row(j)));
      json(ex, 200, out);
      return;
    }
    Matcher jm = Pattern.compile("^/api/jobs/([^/]+)/(start|stop|files)$").matcher(path);
    if (jm.matches()) {
      Job job = jobs.get(URLDecoder.decode(jm.group(1), StandardCharsets.UTF_8));
      if (job == null) {
        json(ex, 404, M.createObjectNode().put("error", "Job not found"));
        return;
      }
      switch (jm.group(2)) {
        case "start":
          ObjectNode before = row(job);
          job.status = "queued";
          job.info = "Job queued";
          json(ex, 200, before);
          return;
        case "stop":
          ObjectNode old = row(job);
          job.stop = true;
          job.status = "stopped";
          job.info = "Job stopped";
          json(ex, 200, old);
          return;
        default:
          listFiles(ex, job);
          return;
      }
    }
    Matcher qm = Pattern.compile("^/api/queue/([^/]+)/start$").matcher(path);
    if (qm.matches()) {
      queueRunning = true;
      json(ex, 200, M.createObjectNode().put("gpu_ids", qm.group(1)).put("is_running", true));
      return;
    }
    json(ex, 404, M.createObjectNode().put("error", "not emulated"));
  }

  private void advance(Job job) {
    if (job.status.equals("queued") && queueRunning) {
      job.status = "running";
      job.info = "Training";
      return;
    }
    if (!job.status.equals("running")) {
      return;
    }
    int from = job.step;
    int to = Math.min(job.total(), from + stepsPerPoll);
    for (int s = from + 1; s <= to; s++) {
      if (errorAtStep > 0 && s >= errorAtStep) {
        job.status = "error";
        job.info = "CUDA out of memory. Tried to allocate 2.00 GiB";
        job.step = (s / job.saveEvery()) * job.saveEvery();
        return;
      }
      if (s % job.saveEvery() == 0 && s < job.total()) {
        save(job, String.format("%s_%09d.safetensors", job.name, s), s);
        rotate(job);
      }
    }
    job.step = to;
    if (to >= job.total()) {
      save(job, job.name + ".safetensors", job.total());
      job.status = "completed";
      job.info = "Training completed";
    }
  }

  private void save(Job job, String fileName, int step) {
    String abs = OUTPUT + "/" + job.name + "/" + fileName;
    byte[] content = checkpointBytes(fileName, step);
    files.put(abs, content);
    listedOnce.put(abs, false);
    everWritten.put(fileName, content);
    files.put(OUTPUT + "/" + job.name + "/optimizer.pt", new byte[] {1, 2, 3});
  }

  private void rotate(Job job) {
    String prefix = OUTPUT + "/" + job.name + "/" + job.name + "_";
    List<String> steps = new ArrayList<>();
    files.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(steps::add);
    while (steps.size() > job.keep()) {
      String oldest = steps.remove(0);
      files.remove(oldest);
    }
  }

  private void listFiles(HttpExchange ex, Job job) throws IOException {
    ObjectNode out = M.createObjectNode();
    ArrayNode list = out.putArray("files");
    String dir = OUTPUT + "/" + job.name + "/";
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().startsWith(dir) && f.getKey().endsWith(".safetensors")) {
        // A file still being written shows a short size once; after the job ends it is whole.
        boolean growing =
            job.status.equals("running") && Boolean.FALSE.equals(listedOnce.get(f.getKey()));
        listedOnce.put(f.getKey(), true);
        long size = growing ? f.getValue().length / 2 : f.getValue().length;
        list.addObject().put("path", f.getKey()).put("size", size);
      }
    }
    if (files.containsKey(dir + "optimizer.pt")) {
      list.addObject().put("path", dir + "optimizer.pt").put("size", 3);
    }
    json(ex, 200, out);
  }

  private void serveFile(HttpExchange ex, String path) throws IOException {
    String rest = path.substring("/api/files/".length());
    StringBuilder sb = new StringBuilder();
    for (String seg : rest.split("/")) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLDecoder.decode(seg, StandardCharsets.UTF_8));
    }
    String abs = sb.toString();
    if (!abs.startsWith("/app/ai-toolkit/")) {
      text(ex, 403, "Access denied");
      return;
    }
    byte[] content;
    boolean reset;
    String range = ex.getRequestHeaders().getFirst("Range");
    synchronized (lock) {
      content = files.get(abs);
      reset = content != null && resetDownloads > 0;
      if (reset) {
        resetDownloads--;
      }
      if (range != null) {
        rangeRequests.add(range);
      }
    }
    if (content == null) {
      text(ex, 404, "File not found");
      return;
    }
    int start = 0;
    int status = 200;
    if (range != null) {
      Matcher r = Pattern.compile("^bytes=(\\d+)-$").matcher(range);
      if (!r.matches() || Integer.parseInt(r.group(1)) >= content.length) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
        text(ex, 416, "Range Not Satisfiable");
        return;
      }
      start = Integer.parseInt(r.group(1));
      status = 206;
      ex.getResponseHeaders()
          .set(
              "Content-Range",
              "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
    }
    int len = content.length - start;
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    ex.sendResponseHeaders(status, len);
    OutputStream os = ex.getResponseBody();
    if (reset) {
      os.write(content, start, len / 2);
      os.flush();
      // Closing with bytes missing drops the connection: the client sees a premature end.
      try {
        ex.close();
      } catch (RuntimeException e) {
        // expected: insufficient bytes written
      }
      return;
    }
    os.write(content, start, len);
    os.close();
  }

  private void upload(HttpExchange ex, byte[] body) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String boundary = type.substring(type.indexOf("boundary=") + 9);
    String all = new String(body, StandardCharsets.ISO_8859_1);
    String datasetName = null;
    Map<String, byte[]> uploaded = new LinkedHashMap<>();
    List<String> storedNames = new ArrayList<>();
    for (String part : all.split("--" + Pattern.quote(boundary))) {
      int headerEnd = part.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        continue;
      }
      String headers = part.substring(0, headerEnd);
      String content = part.substring(headerEnd + 4);
      if (content.endsWith("\r\n")) {
        content = content.substring(0, content.length() - 2);
      }
      Matcher fn = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
      if (headers.contains("name=\"files\"") && fn.find()) {
        String clean = fn.group(1).replaceAll("[^a-zA-Z0-9.-]", "_");
        uploaded.put(clean, content.getBytes(StandardCharsets.ISO_8859_1));
        storedNames.add(clean);
      } else if (headers.contains("name=\"datasetName\"")) {
        datasetName = content;
      }
    }
    if (uploaded.isEmpty()) {
      json(ex, 400, M.createObjectNode().put("error", "No files provided"));
      return;
    }
    if (datasetName == null) {
      json(ex, 500, M.createObjectNode().put("error", "Error uploading files"));
      return;
    }
    datasets.computeIfAbsent(datasetName, k -> new TreeMap<>()).putAll(uploaded);
    ObjectNode out = M.createObjectNode().put("message", "Files uploaded successfully");
    ArrayNode names = out.putArray("files");
    storedNames.forEach(names::add);
    json(ex, 200, out);
  }

  private static ObjectNode row(Job j) {
    ObjectNode n = M.createObjectNode();
    n.put("id", j.id).put("name", j.name).put("gpu_ids", j.gpuIds);
    n.put("job_config", j.config.toString());
    n.put("status", j.status).put("stop", j.stop).put("step", j.step);
    n.putNull("total_steps");
    n.put("info", j.info).put("speed_string", "1.10 iter/sec").put("job_type", "train");
    return n;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = M.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static void text(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }
}
