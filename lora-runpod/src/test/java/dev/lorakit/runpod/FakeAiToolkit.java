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
public final class FakeAiToolkit implements AutoCloseable {
  private static final ObjectMapper M = new ObjectMapper();
  public static final String OUTPUT = "/app/ai-toolkit/output";

  /** Seconds per step the fake trainer logs as wall time in its loss log. */
  public static final double SECONDS_PER_STEP = 4.0;

  /** The fake trainer's loss at a step; {@code null} stands for NaN (stored as NULL by SQLite). */
  public interface LossCurve {
    Double at(int step);
  }

  /** The image the fake trainer samples for a job at a step (PNG bytes). */
  public interface SampleImages {
    byte[] at(String jobName, int step);
  }

  /** Falls from about 0.6 towards 0.1 with a little deterministic noise. */
  public static final LossCurve LEARNING =
      step -> 0.1 + 0.5 * Math.exp(-step / 600.0) + 0.01 * Math.sin(step * 0.7);

  /** Flat at 0.30 (plus noise) from the start: an underfitting run. */
  public static final LossCurve PLATEAU = step -> 0.30 + 0.01 * Math.sin(step * 0.7);

  static final class Job {
    final String id = UUID.randomUUID().toString();
    final String name;
    final String gpuIds;
    final JsonNode config;
    String status = "stopped";
    int step;
    String info = "";
    boolean stop;
    boolean saveNow;
    final String podId;
    String jobType = "train";
    String jobRef;
    Integer totalSteps;

    /** A caption job's files still to caption (absolute pod paths), once it has started. */
    List<String> toCaption;

    Job(String podId, String name, String gpuIds, JsonNode config) {
      this.podId = podId;
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

    int sampleEvery() {
      return process().path("sample").path("sample_every").asInt(250);
    }
  }

  /** One pod's UI: its database (jobs, queue) and datasets live on the container disk. */
  private static final class PodUi {
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final Map<String, Map<String, byte[]>> datasets = new TreeMap<>();
    boolean queueRunning;
  }

  private final FakeRunpod runpod;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final Map<String, PodUi> uis = new LinkedHashMap<>();

  /**
   * Storage (a pod id, or the network volume mounted over the training root) to absolute path to
   * content, and which files were listed once (growing files).
   */
  private final Map<String, Map<String, byte[]>> storage = new LinkedHashMap<>();

  private final Map<String, Boolean> listedOnce = new LinkedHashMap<>();
  private LossCurve lossCurve = LEARNING;
  private SampleImages sampleImages;
  private double vramSwingMb;
  private boolean samplesCopyDataset;
  private boolean samplesOversaturated;
  private int killPodAtStep = -1;
  private int stallAtStep = -1;
  private int bootFailures;
  private int stepsPerPoll = 100;
  private int errorAtStep = -1;
  private int resetDownloads;
  private final List<String> rangeRequests = new ArrayList<>();
  private final List<String> unauthorized = new ArrayList<>();

  public FakeAiToolkit(FakeRunpod runpod) {
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
  public String proxyTemplate() {
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

  public FakeAiToolkit stepsPerPoll(int n) {
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

  public FakeAiToolkit lossCurve(LossCurve curve) {
    synchronized (lock) {
      lossCurve = curve;
    }
    return this;
  }

  /** GPU memory used grows by this many MiB per monitor read (0: stable at 30 GB). */
  public FakeAiToolkit vramGrowthPerRead(double mb) {
    synchronized (lock) {
      vramSwingMb = mb;
    }
    return this;
  }

  /** Samples are byte copies of the first uploaded training image (a memorising LoRA). */
  public FakeAiToolkit samplesCopyDataset(boolean on) {
    synchronized (lock) {
      samplesCopyDataset = on;
    }
    return this;
  }

  /** Each job's samples are drawn by {@code images} (per arm pictures for a sweep). */
  public FakeAiToolkit sampleImages(SampleImages images) {
    synchronized (lock) {
      sampleImages = images;
    }
    return this;
  }

  /** Samples are pure saturated colour (a too high learning rate). */
  public FakeAiToolkit samplesOversaturated(boolean on) {
    synchronized (lock) {
      samplesOversaturated = on;
    }
    return this;
  }

  /** The pod's host dies when its job reaches this step (once). */
  public FakeAiToolkit killPodAtStep(int step) {
    synchronized (lock) {
      killPodAtStep = step;
    }
    return this;
  }

  /**
   * The trainer hangs at this step (once): the row stays {@code running} with no process behind it,
   * so a stop only sets the flag (no pid to signal) and the job shows as stopping.
   */
  public FakeAiToolkit stallAtStep(int step) {
    synchronized (lock) {
      stallAtStep = step;
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

  /** The files uploaded into a dataset, over every pod, by stored name. */
  public Map<String, byte[]> dataset(String name) {
    synchronized (lock) {
      Map<String, byte[]> out = new TreeMap<>();
      uis.values().forEach(u -> out.putAll(u.datasets.getOrDefault(name, Map.of())));
      return out;
    }
  }

  /** Content of every checkpoint ever written, by file name (rotated ones included). */
  private final Map<String, byte[]> everWritten = new TreeMap<>();

  public Map<String, byte[]> checkpointsEverWritten() {
    synchronized (lock) {
      return new TreeMap<>(everWritten);
    }
  }

  Optional<Job> job() {
    synchronized (lock) {
      return uis.values().stream().flatMap(u -> u.jobs.values().stream()).findFirst();
    }
  }

  public int jobCount() {
    synchronized (lock) {
      return uis.values().stream().mapToInt(u -> u.jobs.size()).sum();
    }
  }

  /** Status of every job on every pod, in pod order ({@code podId:name:status:step}). */
  public List<String> jobStates() {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      uis.forEach(
          (pod, u) ->
              u.jobs
                  .values()
                  .forEach(j -> out.add(pod + ":" + j.name + ":" + j.status + ":" + j.step)));
      return out;
    }
  }

  /** Every UI request path in order, with its pod ({@code podId path}). */
  public List<String> calls() {
    synchronized (lock) {
      return new ArrayList<>(calls);
    }
  }

  private final List<String> calls = new ArrayList<>();

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

  // Caption jobs (extensions_built_in/captioner/BaseCaptioner.py at 27a03a91)

  /** The captioner's answer for an image (its absolute pod path); {@code null}: it throws. */
  public interface CaptionModel {
    String caption(String imagePath);
  }

  /** A sentence naming the file, as a VLM's caption would be (not tags). */
  public static final CaptionModel DESCRIBING =
      p ->
          "A woman with brown hair and blue eyes standing in a park, photo "
              + p.substring(p.lastIndexOf('/') + 1, p.lastIndexOf('.'))
              + ".";

  private CaptionModel captionModel = DESCRIBING;
  private String captionLoadError;
  private int captionsPerPoll = 3;

  /** The model captions each image with this (per-file failures leave no caption, l.128-134). */
  public FakeAiToolkit captionModel(CaptionModel model) {
    synchronized (lock) {
      captionModel = model;
    }
    return this;
  }

  /**
   * Loading the caption model fails with this error (say a CUDA out of memory): {@code on_error}
   * marks the job {@code error} with {@code str(e)} (BaseCaptioner.on_error l.459-468).
   */
  public FakeAiToolkit captionLoadError(String error) {
    synchronized (lock) {
      captionLoadError = error;
    }
    return this;
  }

  /** Every caption written, by absolute pod path of the caption file. */
  public Map<String, String> captionsWritten() {
    synchronized (lock) {
      Map<String, String> out = new TreeMap<>();
      uis.values()
          .forEach(
              u ->
                  u.datasets.forEach(
                      (name, files) ->
                          files.forEach(
                              (f, b) -> {
                                if (f.endsWith(".txt")) {
                                  out.put(
                                      DATASETS + "/" + name + "/" + f,
                                      new String(b, StandardCharsets.UTF_8));
                                }
                              })));
      return out;
    }
  }

  public static final String DATASETS = "/app/ai-toolkit/datasets";

  /** The process types of the captioner extension (captioner/__init__.py l.52-57). */
  private static final java.util.Set<String> CAPTIONERS =
      java.util.Set.of(
          "AceStepCaptioner", "Qwen3VLCaptioner", "Qwen3OmniCaptioner", "Ideogram4Captioner");

  /**
   * A caption job started by the worker: run.py on the config (ui/cron/actions/startJob.ts). A
   * config the toolkit refuses kills the process before it reaches the database, so the worker
   * marks the row {@code error} with the log's last line (startJob.ts l.147-171).
   */
  private void advanceCaption(PodUi ui, Job job) {
    if (job.status.equals("queued") && ui.queueRunning) {
      job.status = "running";
      job.stop = false;
      job.step = 0;
      String refused = refusal(job.config);
      if (refused != null) {
        job.status = "error";
        job.info = "Job process exited unexpectedly. Last log line: ValueError: " + refused;
        return;
      }
      if (captionLoadError != null) {
        job.status = "error";
        job.info = captionLoadError;
        return;
      }
      job.toCaption = findFiles(ui, job.process().path("caption"));
      job.totalSteps = job.toCaption.size();
      job.info = "Captioning " + job.toCaption.size() + " files";
      return;
    }
    if (!job.status.equals("running") || job.toCaption == null) {
      return;
    }
    JsonNode caption = job.process().path("caption");
    String ext = caption.path("caption_extension").asText("txt");
    for (int i = 0; i < captionsPerPoll && job.step < job.toCaption.size(); i++) {
      String image = job.toCaption.get(job.step);
      String text = captionModel.caption(image);
      if (text != null) {
        // save_caption_for_file: <path without extension>.<caption_extension> (l.151-158)
        String rel = image.substring(DATASETS.length() + 1);
        String dataset = rel.substring(0, rel.indexOf('/'));
        String file = rel.substring(rel.indexOf('/') + 1);
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        ui.datasets
            .get(dataset)
            .put(stem + "." + ext, text.strip().getBytes(StandardCharsets.UTF_8));
      }
      job.step++;
    }
    if (job.step >= job.toCaption.size()) {
      job.status = "completed";
      job.info = "Captioning completed";
    }
  }

  /**
   * What the toolkit raises for this config before captioning, or null (BaseJob, CaptionConfig).
   */
  private static String refusal(JsonNode config) {
    String kind = config.path("job").asText("");
    if (!kind.equals("extension")) {
      return kind.isEmpty()
          ? "config file is invalid. Missing \"job\" key"
          : "Unknown job type " + kind;
    }
    JsonNode process = config.path("config").path("process");
    if (!process.isArray() || process.isEmpty()) {
      return "config file is invalid. \"config.process\" must be a list of processes";
    }
    String type = process.path(0).path("type").asText(null);
    if (type == null) {
      return "config file is invalid. Missing \"config.process[0].type\" key";
    }
    if (!CAPTIONERS.contains(type)) {
      return "config file is invalid. Unknown process type: " + type;
    }
    JsonNode c = process.path(0).path("caption");
    if (c.path("model_name_or_path").isNull() || c.path("model_name_or_path").isMissingNode()) {
      return "model_name_or_path is required in config";
    }
    if (!c.path("extensions").isArray() || c.path("extensions").isEmpty()) {
      return "At least one extension is required in config";
    }
    if (c.path("path_to_caption").isNull() || c.path("path_to_caption").isMissingNode()) {
      return "path_to_caption is required in config";
    }
    return null;
  }

  /**
   * find_files (l.167-200): every file under path_to_caption whose lower-cased name ends in {@code
   * .<ext>}, not hidden, outside {@code _controls} and hidden folders, sorted; without {@code
   * recaption}, those whose caption file has non-blank text are dropped. A path that does not exist
   * walks to nothing (os.walk yields nothing).
   */
  private static List<String> findFiles(PodUi ui, JsonNode caption) {
    String root = caption.path("path_to_caption").asText();
    while (root.endsWith("/") && root.length() > 1) {
      root = root.substring(0, root.length() - 1);
    }
    List<String> exts = new ArrayList<>();
    caption.path("extensions").forEach(e -> exts.add(e.asText()));
    String ext = caption.path("caption_extension").asText("txt");
    boolean recaption = caption.path("recaption").asBoolean(false);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, byte[]>> ds : ui.datasets.entrySet()) {
      String dir = DATASETS + "/" + ds.getKey();
      boolean under = dir.equals(root) || dir.startsWith(root + "/");
      if (!under || ds.getKey().equals("_controls") || ds.getKey().startsWith(".")) {
        continue;
      }
      for (Map.Entry<String, byte[]> f : ds.getValue().entrySet()) {
        String name = f.getKey();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith(".") || exts.stream().noneMatch(e -> lower.endsWith("." + e))) {
          continue;
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        byte[] existing = ds.getValue().get(stem + "." + ext);
        boolean has =
            existing != null && !new String(existing, StandardCharsets.UTF_8).strip().isEmpty();
        if (recaption || !has) {
          out.add(dir + "/" + name);
        }
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  /**
   * {@code POST /api/caption/getBatch} (ui/src/app/api/caption/getBatch/route.ts l.24-49): {@code
   * imgPaths} must be an array (400), paths outside the datasets root are left out, a missing
   * caption is an empty string.
   */
  private void captionBatch(HttpExchange ex, PodUi ui, byte[] body) throws IOException {
    JsonNode req = M.readTree(body);
    if (!req.path("imgPaths").isArray()) {
      json(ex, 400, M.createObjectNode().put("error", "imgPaths must be an array"));
      return;
    }
    String ext = req.path("ext").asText("txt").replaceAll("^\\.+", "").strip();
    if (ext.isEmpty()) {
      ext = "txt";
    }
    ObjectNode out = M.createObjectNode();
    ObjectNode captions = out.putObject("captions");
    for (JsonNode p : req.get("imgPaths")) {
      if (!p.isTextual()) {
        continue;
      }
      String img = java.nio.file.Path.of(p.asText()).normalize().toString().replace('\\', '/');
      if (!img.startsWith(DATASETS + "/")) {
        continue;
      }
      String rel = img.substring(DATASETS.length() + 1);
      int slash = rel.indexOf('/');
      String text = "";
      if (slash > 0) {
        String file = rel.substring(slash + 1).replaceAll("\\.[^/.]+$", "") + "." + ext;
        byte[] b = ui.datasets.getOrDefault(rel.substring(0, slash), Map.of()).get(file);
        text = b == null ? "" : new String(b, StandardCharsets.UTF_8);
      }
      captions.put(p.asText(), text);
    }
    json(ex, 200, out);
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
      serveFile(ex, podId, path);
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
    if (path.equals("/api/monitor")) {
      monitor(ex);
      return;
    }
    synchronized (lock) {
      calls.add(podId + " " + path);
      PodUi ui = uis.computeIfAbsent(podId, k -> new PodUi());
      api(ex, podId, ui, ex.getRequestMethod(), path, query, body);
    }
  }

  private void api(
      HttpExchange ex,
      String podId,
      PodUi ui,
      String method,
      String path,
      String query,
      byte[] body)
      throws IOException {
    Map<String, Job> jobs = ui.jobs;
    if (path.equals("/api/auth")) {
      json(ex, 200, M.createObjectNode().put("isAuthenticated", true));
      return;
    }
    if (path.equals("/api/datasets/upload") && method.equals("POST")) {
      upload(ex, ui, body);
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
      Job job = new Job(podId, name, req.get("gpu_ids").asText(), req.get("job_config"));
      // the route copies job_type and job_ref when present (ui/src/app/api/jobs/route.ts l.68-75);
      // the column defaults to 'train' (ui/prisma/schema.prisma l.40)
      if (req.has("job_type")) {
        job.jobType = req.get("job_type").asText();
      }
      if (req.has("job_ref")) {
        job.jobRef = req.get("job_ref").asText();
      }
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
        advance(ui, job);
        json(ex, 200, row(job));
        return;
      }
      ObjectNode out = M.createObjectNode();
      ArrayNode list = out.putArray("jobs");
      jobs.values().forEach(j -> list.add(row(j)));
      json(ex, 200, out);
      return;
    }
    Matcher jm =
        Pattern.compile("^/api/jobs/([^/]+)/(start|stop|files|loss|samples|save_now|mark_stopped)$")
            .matcher(path);
    if (jm.matches()) {
      Job job = jobs.get(URLDecoder.decode(jm.group(1), StandardCharsets.UTF_8));
      if (job == null) {
        // save_now and mark_stopped update by id without a lookup: prisma throws, Next answers 500
        // (ui/src/app/api/jobs/[jobID]/save_now/route.ts, mark_stopped/route.ts).
        boolean update = jm.group(2).equals("save_now") || jm.group(2).equals("mark_stopped");
        json(
            ex,
            update ? 500 : 404,
            update
                ? M.createObjectNode().put("error", "Internal Server Error")
                : M.createObjectNode().put("error", "Job not found"));
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
          job.info = "Stopping job...";
          if (!hung(job)) {
            // A pid to signal: SIGINT, and the route marks the row stopped.
            job.status = "stopped";
            job.info = "Job stopped";
          }
          json(ex, 200, old);
          return;
        case "mark_stopped":
          ObjectNode was = row(job);
          job.stop = true;
          job.status = "stopped";
          job.info = "Job stopped";
          hungJob = null;
          json(ex, 200, was);
          return;
        case "save_now":
          job.saveNow = true;
          json(ex, 200, row(job));
          return;
        case "loss":
          loss(ex, job, query(query));
          return;
        case "samples":
          ObjectNode out = M.createObjectNode();
          ArrayNode list = out.putArray("samples");
          String dir = OUTPUT + "/" + job.name + "/samples/";
          files(job.podId).keySet().stream().filter(k -> k.startsWith(dir)).forEach(list::add);
          json(ex, 200, out);
          return;
        default:
          listFiles(ex, job);
          return;
      }
    }
    if (path.equals("/api/caption/getBatch") && method.equals("POST")) {
      captionBatch(ex, ui, body);
      return;
    }
    Matcher qm = Pattern.compile("^/api/queue/([^/]+)/start$").matcher(path);
    if (qm.matches()) {
      ui.queueRunning = true;
      json(ex, 200, M.createObjectNode().put("gpu_ids", qm.group(1)).put("is_running", true));
      return;
    }
    json(ex, 404, M.createObjectNode().put("error", "not emulated"));
  }

  private String hungJob;

  private boolean hung(Job job) {
    return job.id.equals(hungJob);
  }

  /** The storage of a pod's training root: its network volume if one is mounted there. */
  private Map<String, byte[]> files(String podId) {
    String key =
        runpod
            .podVolume(podId)
            .filter(v -> v[1].equals(OUTPUT))
            .map(v -> "volume:" + v[0])
            .orElse("pod:" + podId);
    return storage.computeIfAbsent(key, k -> new TreeMap<>());
  }

  private void advance(PodUi ui, Job job) {
    if (job.jobType.equals("caption")) {
      advanceCaption(ui, job);
      return;
    }
    Map<String, byte[]> files = files(job.podId);
    if (job.status.equals("queued") && ui.queueRunning) {
      job.status = "running";
      job.info = "Training";
      job.stop = false;
      // ai-toolkit resumes from the newest <name>_<step>.safetensors (get_latest_save_path) and
      // takes the step from its metadata (load_training_state_from_metadata).
      String prefix = OUTPUT + "/" + job.name + "/" + job.name + "_";
      job.step =
          files.keySet().stream()
              .filter(k -> k.startsWith(prefix) && k.endsWith(".safetensors"))
              .mapToInt(k -> Integer.parseInt(k.substring(prefix.length(), prefix.length() + 9)))
              .max()
              .orElse(0);
      return;
    }
    if (!job.status.equals("running") || hung(job)) {
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
      if (stallAtStep > 0 && s >= stallAtStep) {
        stallAtStep = -1;
        hungJob = job.id;
        job.step = s;
        return;
      }
      logLoss(files, job, s);
      boolean regular = s % job.saveEvery() == 0 && s < job.total();
      if (regular || (job.saveNow && s < job.total())) {
        // save_now: DiffusionTrainer.maybe_save saves at the end of the next step and clears it.
        job.saveNow = false;
        save(files, job, String.format("%s_%09d.safetensors", job.name, s), s);
        rotate(files, job);
      }
      if (s % job.sampleEvery() == 0 || s == job.total()) {
        sample(ui, files, job, s);
      }
      if (killPodAtStep > 0 && s >= killPodAtStep) {
        killPodAtStep = -1;
        job.step = s;
        runpod.kill(job.podId);
        return;
      }
    }
    job.step = to;
    if (to >= job.total()) {
      save(files, job, job.name + ".safetensors", job.total());
      job.status = "completed";
      job.info = "Training completed";
    }
  }

  /** The loss log: {@code loss/loss} and {@code learning_rate} per step, with wall time. */
  private final Map<String, java.util.NavigableMap<Integer, double[]>> lossLogs =
      new LinkedHashMap<>();

  private void logLoss(Map<String, byte[]> files, Job job, int step) {
    String db = OUTPUT + "/" + job.name + "/loss_log.db";
    files.putIfAbsent(db, new byte[] {0});
    Double v = lossCurve.at(step);
    lossLogs
        .computeIfAbsent(db + "@" + System.identityHashCode(files), k -> new java.util.TreeMap<>())
        .put(
            step,
            new double[] {
              v == null ? Double.NaN : v, 1_764_000_000 + step * SECONDS_PER_STEP,
            });
  }

  /**
   * {@code GET /api/jobs/{id}/loss}: ui/src/app/api/jobs/[jobID]/loss/route.ts. No database gives
   * {@code {keys:[], key:'loss', points:[]}}; a NaN value is NULL in SQLite, so the point's value
   * is {@code null}.
   */
  private void loss(HttpExchange ex, Job job, Map<String, String> q) throws IOException {
    Map<String, byte[]> files = files(job.podId);
    String db = OUTPUT + "/" + job.name + "/loss_log.db";
    ObjectNode out = M.createObjectNode();
    if (!files.containsKey(db)) {
      out.putArray("keys");
      out.put("key", "loss");
      out.putArray("points");
      json(ex, 200, out);
      return;
    }
    String key = q.getOrDefault("key", "loss");
    int limit = Math.min(Integer.parseInt(q.getOrDefault("limit", "2000")), 20000);
    Integer since = q.containsKey("since_step") ? Integer.parseInt(q.get("since_step")) : null;
    out.put("key", key);
    out.putArray("keys").add("learning_rate").add("loss/loss");
    ArrayNode points = out.putArray("points");
    java.util.NavigableMap<Integer, double[]> log =
        lossLogs.getOrDefault(db + "@" + System.identityHashCode(files), new java.util.TreeMap<>());
    for (Map.Entry<Integer, double[]> e : log.entrySet()) {
      if ((since != null && e.getKey() <= since) || points.size() >= limit) {
        continue;
      }
      if (!key.equals("loss/loss") && !key.equals("learning_rate")) {
        continue;
      }
      ObjectNode p = points.addObject().put("step", e.getKey()).put("wall_time", e.getValue()[1]);
      double v = key.equals("learning_rate") ? 1e-4 : e.getValue()[0];
      if (Double.isNaN(v)) {
        p.putNull("value");
      } else {
        p.put("value", v);
      }
    }
    json(ex, 200, out);
  }

  private int monitorReads;

  /**
   * {@code GET /api/monitor}: a server-sent event stream (ui/src/app/api/monitor/route.ts) whose
   * first event is {@code init} with the latest sample; this fake sends it and one {@code sample},
   * then ends the stream.
   */
  private void monitor(HttpExchange ex) throws IOException {
    double used;
    synchronized (lock) {
      monitorReads++;
      used = 30_000 + vramSwingMb * monitorReads;
    }
    ObjectNode sample = M.createObjectNode().put("t", 1_764_000_000_000L);
    sample.putNull("cpu");
    ObjectNode gpu = sample.putObject("gpu").put("hasNvidiaSmi", true).put("isMac", false);
    ObjectNode g = gpu.putArray("gpus").addObject();
    g.put("index", 0).put("name", "NVIDIA L40S").put("driverVersion", "570.124.06");
    g.put("temperature", 61);
    g.putObject("utilization").put("gpu", 97).put("memory", 60);
    g.putObject("memory").put("total", 46068).put("free", 46068 - used).put("used", used);
    g.putObject("power").put("draw", 290).put("limit", 350);
    g.putObject("clocks").put("graphics", 2520).put("memory", 9001);
    g.putObject("fan").put("speed", 70);
    ObjectNode init = sample.deepCopy();
    init.putArray("history");
    String body =
        "event: init\ndata: "
            + M.writeValueAsString(init)
            + "\n\nevent: sample\ndata: "
            + M.writeValueAsString(sample)
            + "\n\n";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache, no-transform");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  /** A sample image named like BaseSDTrainProcess: {@code <ms>__<9-digit step>_<idx>.png}. */
  private void sample(PodUi ui, Map<String, byte[]> files, Job job, int step) {
    byte[] png;
    if (sampleImages != null) {
      png = sampleImages.at(job.name, step);
    } else if (samplesCopyDataset) {
      png =
          ui.datasets.values().stream()
              .flatMap(d -> d.entrySet().stream())
              .filter(e -> e.getKey().endsWith(".png") || e.getKey().endsWith(".jpg"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(image(step, false));
    } else {
      png = image(step, samplesOversaturated);
    }
    String name = String.format("%d__%09d_0.png", 1_764_000_000_000L + step, step);
    files.put(OUTPUT + "/" + job.name + "/samples/" + name, png);
  }

  /** A 64x64 picture: muted diagonal stripes, or pure saturated colours. */
  public static byte[] image(int seed, boolean saturated) {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int rgb;
        if (saturated) {
          rgb = ((x + y + seed) / 8) % 2 == 0 ? 0xff0000 : 0x00ff00;
        } else {
          int v = 100 + ((x * 3 + y * 5 + seed) % 60);
          rgb = (v << 16) | ((v - 10) << 8) | (v - 20);
        }
        img.setRGB(x, y, rgb);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void save(Map<String, byte[]> files, Job job, String fileName, int step) {
    String abs = OUTPUT + "/" + job.name + "/" + fileName;
    byte[] content = checkpointBytes(fileName, step);
    files.put(abs, content);
    listedOnce.put(abs, false);
    everWritten.put(fileName, content);
    files.put(OUTPUT + "/" + job.name + "/optimizer.pt", new byte[] {1, 2, 3});
  }

  private void rotate(Map<String, byte[]> files, Job job) {
    String prefix = OUTPUT + "/" + job.name + "/" + job.name + "_";
    List<String> steps = new ArrayList<>();
    files.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(steps::add);
    while (steps.size() > job.keep()) {
      String oldest = steps.remove(0);
      files.remove(oldest);
    }
  }

  private void listFiles(HttpExchange ex, Job job) throws IOException {
    Map<String, byte[]> files = files(job.podId);
    ObjectNode out = M.createObjectNode();
    ArrayNode list = out.putArray("files");
    String dir = OUTPUT + "/" + job.name + "/";
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      boolean direct = f.getKey().startsWith(dir) && f.getKey().indexOf('/', dir.length()) < 0;
      if (direct && f.getKey().endsWith(".safetensors")) {
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

  private void serveFile(HttpExchange ex, String podId, String path) throws IOException {
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
      content = files(podId).get(abs);
      reset = content != null && resetDownloads > 0 && abs.endsWith(".safetensors");
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

  private void upload(HttpExchange ex, PodUi ui, byte[] body) throws IOException {
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
    ui.datasets.computeIfAbsent(datasetName, k -> new TreeMap<>()).putAll(uploaded);
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
    if (j.totalSteps == null) {
      n.putNull("total_steps");
    } else {
      n.put("total_steps", j.totalSteps);
    }
    n.put("info", j.info).put("speed_string", "1.10 iter/sec").put("job_type", j.jobType);
    if (j.jobRef == null) {
      n.putNull("job_ref");
    } else {
      n.put("job_ref", j.jobRef);
    }
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
