package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.Sleeper;
import dev.lorakit.runpod.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Client of the ostris/ai-toolkit web UI API (port 8675), usually reached through {@code
 * https://{podId}-8675.proxy.runpod.net}. Follows ai-toolkit-ui-api.md: bearer token on {@code
 * /api/*}, datasets uploaded flat per folder, jobs started together with their queue, downloads
 * through {@code /api/files/} with percent-encoded folder and name and {@code Range} resume.
 * Thread-safe.
 *
 * <pre>{@code
 * AiToolkitClient ui = AiToolkitClient.of(URI.create(pod.proxyUrl(8675)), token);
 * if (ui.isReady()) ui.uploadDataset("mychar", files);
 * }</pre>
 */
public final class AiToolkitClient {
  /** Statuses of a UI (or the RunPod proxy in front of it) that is still starting. */
  private static final Set<Integer> BOOTING = Set.of(502, 503, 504, 520, 521, 522, 523, 524);

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final Duration timeout;
  private final int attempts;
  private final Duration backoff;
  private final Sleeper sleeper;

  /** A client with explicit transport settings; {@code attempts} tries on 502-like answers. */
  public AiToolkitClient(
      HttpClient http,
      URI base,
      String token,
      Duration timeout,
      int attempts,
      Duration backoff,
      Sleeper sleeper) {
    this.http = http;
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.token = Objects.requireNonNull(token, "token");
    this.timeout = timeout;
    this.attempts = attempts;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /** A client with 95 s per request (under the proxy's 100 s limit) and 5 tries on 502. */
  public static AiToolkitClient of(URI base, String token) {
    return new AiToolkitClient(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build(),
        base,
        token,
        Duration.ofSeconds(95),
        5,
        Duration.ofSeconds(2),
        Sleeper.REAL);
  }

  /** A random token for {@code AI_TOOLKIT_AUTH}: 32 bytes, base64url. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "AiToolkitClient{" + base + ", token=****}";
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<byte[]> send(String method, String path, HttpRequest request) {
    int status = 0;
    IOException last = null;
    for (int i = 1; i <= attempts; i++) {
      try {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        status = r.statusCode();
        if (status >= 200 && status < 300) {
          return r;
        }
        if (!BOOTING.contains(status)) {
          throw failure(method, path, status, r.body(), null);
        }
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AiToolkitException(method + " " + path + ": interrupted", 0, e);
      }
      if (i < attempts) {
        pause(backoff.multipliedBy(i));
      }
    }
    if (last != null && status == 0) {
      throw new AiToolkitException(method + " " + path + ": " + last, 0, last);
    }
    throw new AiToolkitException(
        method + " " + path + " " + status + ": UI not reachable", status, last);
  }

  private AiToolkitException failure(
      String method, String path, int status, byte[] body, Throwable cause) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = Json.mapper().readTree(text);
      if (n != null && n.hasNonNull("error")) {
        text = n.get("error").asText();
      }
    } catch (IOException e) {
      // plain text
    }
    if (text.length() > 300) {
      text = text.substring(0, 300) + "...";
    }
    text = text.replace(token, "****");
    return new AiToolkitException(method + " " + path + " " + status + ": " + text, status, cause);
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AiToolkitException("interrupted", 0, e);
    }
  }

  private JsonNode getJson(String path) {
    HttpResponse<byte[]> r = send("GET", path, request(path).GET().build());
    try {
      return Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new AiToolkitException("GET " + path + ": unreadable answer", r.statusCode(), e);
    }
  }

  /**
   * One probe of {@code GET /api/auth}: true when the UI answers and accepts the token, false while
   * the pod or proxy still answers 5xx/404 or refuses the connection. A 401 (wrong token) throws.
   */
  public boolean isReady() {
    try {
      HttpResponse<byte[]> r =
          http.send(request("/api/auth").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 401) {
        throw failure("GET", "/api/auth", 401, r.body(), null);
      }
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AiToolkitException("GET /api/auth: interrupted", 0, e);
    }
  }

  /**
   * Uploads files flat into {@code <datasets root>/<datasetName>/} in batches of at most {@code
   * batchBytes} (one file per batch if larger), so no request nears the proxy's 100 s limit.
   * Returns the names the server stored (it replaces characters outside {@code [a-zA-Z0-9.-]}).
   */
  public List<String> uploadDataset(String datasetName, List<Path> files, long batchBytes) {
    if (!datasetName.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException(
          "dataset name must be lower-case [a-z0-9_] (the upload route does not sanitise it): "
              + datasetName);
    }
    List<String> stored = new ArrayList<>();
    List<Path> batch = new ArrayList<>();
    long size = 0;
    for (Path f : files) {
      long s;
      try {
        s = Files.size(f);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (!batch.isEmpty() && size + s > batchBytes) {
        stored.addAll(uploadBatch(datasetName, batch));
        batch.clear();
        size = 0;
      }
      batch.add(f);
      size += s;
    }
    if (!batch.isEmpty()) {
      stored.addAll(uploadBatch(datasetName, batch));
    }
    return stored;
  }

  private List<String> uploadBatch(String datasetName, List<Path> batch) {
    String boundary = "lorakit" + Long.toHexString(new SecureRandom().nextLong());
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    for (Path f : batch) {
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
              + f.getFileName().toString().replace("\"", "_")
              + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
      parts.add(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8));
      try {
        parts.add(HttpRequest.BodyPublishers.ofFile(f));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      parts.add(HttpRequest.BodyPublishers.ofString("\r\n"));
    }
    parts.add(
        HttpRequest.BodyPublishers.ofString(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"datasetName\"\r\n\r\n"
                + datasetName
                + "\r\n--"
                + boundary
                + "--\r\n",
            StandardCharsets.UTF_8));
    HttpRequest req =
        request("/api/datasets/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.concat(parts.toArray(new HttpRequest.BodyPublisher[0])))
            .build();
    HttpResponse<byte[]> r = send("POST", "/api/datasets/upload", req);
    List<String> names = new ArrayList<>();
    try {
      Json.mapper().readTree(r.body()).path("files").forEach(n -> names.add(n.asText()));
    } catch (IOException e) {
      throw new AiToolkitException("POST /api/datasets/upload: unreadable answer", 200, e);
    }
    return names;
  }

  /**
   * Creates a job ({@code POST /api/jobs}) whose name is {@code config.name}; when the name exists
   * already (409), the existing job is returned instead, so a retried or reattached run never makes
   * two.
   */
  public AiToolkitJob createJob(ObjectNode jobConfig, String gpuIds) {
    return createJob(jobConfig, gpuIds, Optional.empty());
  }

  /**
   * Creates a job of another type than {@code train}, as the UI's caption dialog does ({@code
   * ui/src/components/CaptionDatasetModal.tsx} l.137-144 at 27a03a91): {@code job_type} and {@code
   * job_ref} (for a caption job, the dataset path) go beside the config, and the route stores both
   * ({@code ui/src/app/api/jobs/route.ts} l.68-75). A 409 returns the existing job, as {@link
   * #createJob(ObjectNode, String)}.
   */
  public AiToolkitJob createJob(
      ObjectNode jobConfig, String gpuIds, String jobType, String jobRef) {
    return createJob(jobConfig, gpuIds, Optional.of(new String[] {jobType, jobRef}));
  }

  private AiToolkitJob createJob(
      ObjectNode jobConfig, String gpuIds, Optional<String[]> typeAndRef) {
    String name = jobConfig.path("config").path("name").asText("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("job config has no config.name");
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("name", name).put("gpu_ids", gpuIds);
    body.set("job_config", jobConfig);
    typeAndRef.ifPresent(t -> body.put("job_type", t[0]).put("job_ref", t[1]));
    HttpRequest req;
    try {
      req =
          request("/api/jobs")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
              .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      HttpResponse<byte[]> r = send("POST", "/api/jobs", req);
      return Json.mapper().readValue(r.body(), AiToolkitJob.class);
    } catch (AiToolkitException e) {
      if (e.statusCode() == 409) {
        return findJobByName(name)
            .orElseThrow(
                () -> new AiToolkitException("job " + name + " exists but is not listed", 409, e));
      }
      throw e;
    } catch (IOException e) {
      throw new AiToolkitException("POST /api/jobs: unreadable answer", 200, e);
    }
  }

  /**
   * {@code POST /api/caption/getBatch {imgPaths, ext}}: the caption next to each image, {@code
   * <path without extension>.<ext>}, read on the pod ({@code
   * ui/src/app/api/caption/getBatch/route.ts} l.24-49 at 27a03a91). The route answers an empty
   * string for a missing or unreadable caption file and leaves out paths outside the datasets root;
   * both come back here as absent.
   */
  public java.util.Map<String, String> captions(List<String> imagePaths, String ext) {
    ObjectNode body = Json.mapper().createObjectNode();
    com.fasterxml.jackson.databind.node.ArrayNode paths = body.putArray("imgPaths");
    imagePaths.forEach(paths::add);
    body.put("ext", ext);
    HttpRequest req;
    try {
      req =
          request("/api/caption/getBatch")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
              .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<byte[]> r = send("POST", "/api/caption/getBatch", req);
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    try {
      JsonNode captions = Json.mapper().readTree(r.body()).path("captions");
      for (String p : imagePaths) {
        String text = captions.path(p).asText("");
        if (!text.isBlank()) {
          out.put(p, text);
        }
      }
    } catch (IOException e) {
      throw new AiToolkitException("POST /api/caption/getBatch: unreadable answer", 200, e);
    }
    return out;
  }

  /** {@code GET /api/jobs}, then the job with this name. */
  public Optional<AiToolkitJob> findJobByName(String name) {
    JsonNode list = getJson("/api/jobs").path("jobs");
    for (JsonNode j : list) {
      if (name.equals(j.path("name").asText())) {
        return Optional.of(Json.mapper().convertValue(j, AiToolkitJob.class));
      }
    }
    return Optional.empty();
  }

  /** {@code GET /api/jobs?id=}; empty when the UI answers {@code null}. */
  public Optional<AiToolkitJob> job(String id) {
    JsonNode n = getJson("/api/jobs?id=" + enc(id));
    if (n == null || n.isNull() || !n.isObject()) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().convertValue(n, AiToolkitJob.class));
  }

  /** Queues the job and starts its queue; the UI needs both before the worker runs it. */
  public void startJob(AiToolkitJob job, String gpuIds) {
    getJson("/api/jobs/" + enc(job.id()) + "/start");
    getJson("/api/queue/" + enc(gpuIds) + "/start");
  }

  /** {@code GET /api/jobs/{id}/stop}: sets the stop flag and signals the trainer. */
  public void stopJob(String id) {
    getJson("/api/jobs/" + enc(id) + "/stop");
  }

  /** {@code GET /api/jobs/{id}/files}: checkpoints (final first) and {@code optimizer.pt}. */
  public List<JobFile> jobFiles(String id) {
    List<JobFile> out = new ArrayList<>();
    for (JsonNode f : getJson("/api/jobs/" + enc(id) + "/files").path("files")) {
      out.add(Json.mapper().convertValue(f, JobFile.class));
    }
    return out;
  }

  /**
   * {@code GET /api/jobs/{id}/mark_stopped}: marks a stale job stopped without signalling anything
   * (a row left {@code running} with no trainer behind it, or stuck with {@code stop} set).
   */
  public void markStopped(String id) {
    getJson("/api/jobs/" + enc(id) + "/mark_stopped");
  }

  /**
   * {@code GET /api/jobs/{id}/save_now}: the trainer saves a checkpoint at the end of its next step
   * ({@code DiffusionTrainer.maybe_save}) and clears the flag.
   */
  public void saveNow(String id) {
    getJson("/api/jobs/" + enc(id) + "/save_now");
  }

  /**
   * {@code GET /api/jobs/{id}/loss?key=&since_step=}: points of one key of the job's loss log after
   * {@code sinceStep} (all when negative). A {@code null} value (what the route returns for a NaN
   * or infinite loss) is an empty value. No loss database yet gives an empty list.
   */
  public List<RunSnapshot.Loss> loss(String id, String key, int sinceStep) {
    String q = "/api/jobs/" + enc(id) + "/loss?key=" + enc(key) + "&limit=20000";
    if (sinceStep >= 0) {
      q += "&since_step=" + sinceStep;
    }
    List<RunSnapshot.Loss> out = new ArrayList<>();
    for (JsonNode p : getJson(q).path("points")) {
      JsonNode v = p.path("value");
      out.add(
          RunSnapshot.Loss.of(
              p.path("step").asInt(),
              v.isNumber()
                  ? java.util.OptionalDouble.of(v.asDouble())
                  : java.util.OptionalDouble.empty(),
              p.path("wall_time").asDouble(0)));
    }
    return out;
  }

  /** The loss keys the job logged ({@code keys} of the loss route). */
  public List<String> lossKeys(String id) {
    List<String> out = new ArrayList<>();
    getJson("/api/jobs/" + enc(id) + "/loss?limit=1")
        .path("keys")
        .forEach(k -> out.add(k.asText()));
    return out;
  }

  /**
   * The first GPU's state from {@code GET /api/monitor}: the route is a server-sent event stream
   * whose first event, {@code init}, carries the latest sample ({@code gpu.gpus[]} with {@code
   * memory.used/total} in MiB and {@code utilization.gpu} in %); the stream is closed after it.
   * Empty when the pod reports no GPU.
   */
  public Optional<double[]> monitorGpu() {
    HttpRequest req = request("/api/monitor").header("Accept", "text/event-stream").GET().build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body();
          java.io.BufferedReader lines =
              new java.io.BufferedReader(
                  new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (r.statusCode() != 200) {
          throw failure("GET", "/api/monitor", r.statusCode(), in.readNBytes(2048), null);
        }
        String event = "";
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.isEmpty()) {
            if (event.equals("init") || event.equals("sample")) {
              break;
            }
            data.setLength(0);
            continue;
          }
          if (line.startsWith("event:")) {
            event = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
        JsonNode gpu = Json.mapper().readTree(data.toString()).path("gpu").path("gpus").path(0);
        if (gpu.isMissingNode()) {
          return Optional.empty();
        }
        return Optional.of(
            new double[] {
              gpu.path("memory").path("used").asDouble(),
              gpu.path("memory").path("total").asDouble(),
              gpu.path("utilization").path("gpu").asDouble()
            });
      }
    } catch (IOException e) {
      throw new AiToolkitException("GET /api/monitor: " + e.getMessage(), 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AiToolkitException("GET /api/monitor: interrupted", 0, e);
    }
  }

  /** {@code GET /api/jobs/{id}/samples}: absolute paths of the trainer's samples, sorted. */
  public List<String> samples(String id) {
    List<String> out = new ArrayList<>();
    getJson("/api/jobs/" + enc(id) + "/samples").path("samples").forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * Downloads a file whose size the UI does not list (a sample) through {@code /api/files/}: bytes
   * go to a {@code .part} file that is moved onto {@code target} only when the body was as long as
   * its {@code Content-Length}. An existing target is kept. Returns the bytes fetched.
   */
  public long downloadWhole(String absolutePath, Path target) throws IOException {
    if (Files.exists(target)) {
      return 0;
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    String path = filesPath(absolutePath);
    HttpResponse<InputStream> r;
    try {
      r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AiToolkitException("GET " + path + ": interrupted", 0, e);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw failure("GET", path, r.statusCode(), in.readNBytes(2048), null);
      }
      long n;
      try (OutputStream out = Files.newOutputStream(part)) {
        n = in.transferTo(out);
      }
      long expected = r.headers().firstValueAsLong("Content-Length").orElse(n);
      if (n != expected) {
        Files.deleteIfExists(part);
        throw new IOException(
            "download of " + absolutePath + " incomplete: " + n + " of " + expected);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return n;
    }
  }

  /** The {@code /api/files/} URL path of an absolute pod path: folder and name each encoded. */
  static String filesPath(String absolutePath) {
    int slash = absolutePath.lastIndexOf('/');
    String dir = absolutePath.substring(0, slash);
    String name = absolutePath.substring(slash + 1);
    return "/api/files/" + enc(dir) + "/" + enc(name);
  }

  /**
   * Downloads a file of known size to {@code target}: bytes go to {@code target + ".part"}, a
   * broken transfer resumes with {@code Range: bytes=<have>-}, and only a file of exactly {@code
   * size} bytes is moved onto {@code target}, so a good local file is never replaced by a partial
   * one. A target that already has the size is kept as is. Returns the bytes fetched now.
   */
  public long download(JobFile file, Path target) throws IOException {
    if (Files.exists(target) && Files.size(target) == file.size()) {
      return 0;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Files.createDirectories(target.toAbsolutePath().getParent());
    String path = filesPath(file.path());
    long fetched = 0;
    IOException last = null;
    for (int i = 1; i <= attempts + 2; i++) {
      long have = Files.exists(part) ? Files.size(part) : 0;
      if (have > file.size()) {
        Files.delete(part);
        have = 0;
      }
      if (have == file.size()) {
        break;
      }
      HttpRequest.Builder b = request(path).GET();
      if (have > 0) {
        b.header("Range", "bytes=" + have + "-");
      }
      try {
        HttpResponse<InputStream> r =
            http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = r.statusCode();
        if (status == 200 || status == 206) {
          boolean append = status == 206;
          if (append) {
            String range = r.headers().firstValue("Content-Range").orElse("");
            if (!range.startsWith("bytes " + have + "-") || !range.endsWith("/" + file.size())) {
              r.body().close();
              throw new IOException("unexpected Content-Range '" + range + "'");
            }
          }
          try (InputStream in = r.body();
              OutputStream out =
                  Files.newOutputStream(
                      part,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE,
                      append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            fetched += in.transferTo(out);
          }
          continue;
        }
        try (InputStream in = r.body()) {
          byte[] body = in.readNBytes(2048);
          if (status == 416) {
            Files.deleteIfExists(part);
            continue;
          }
          if (!BOOTING.contains(status)) {
            throw failure("GET", path, status, body, null);
          }
        }
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AiToolkitException("GET " + path + ": interrupted", 0, e);
      }
      pause(backoff);
    }
    long have = Files.exists(part) ? Files.size(part) : 0;
    if (have != file.size()) {
      throw new IOException(
          "download of "
              + file.fileName()
              + " incomplete: "
              + have
              + " of "
              + file.size()
              + " bytes",
          last);
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return fetched;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
