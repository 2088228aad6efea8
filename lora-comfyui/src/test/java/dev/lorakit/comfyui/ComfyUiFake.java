package dev.lorakit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * An in-process stand-in for a ComfyUI server on 127.0.0.1, for tests of code that drives one. It
 * answers {@code POST /prompt} the way {@code server.py} does, after validating with {@link
 * PromptValidator} over a {@link NodeSchemas} table and a {@link ModelInventory} (so it rejects an
 * unknown class, a missing input, a bad enum, a wrong link type or a file ComfyUI would not list,
 * with ComfyUI's {@code error}/{@code node_errors} body and status 400). A valid prompt "runs" at
 * once: each {@code SaveImage} gets a small PNG named as {@code folder_paths.get_save_image_path}
 * names it ({@code prefix_00001_.png}), served by {@code GET /view}. {@code GET /history/{id}}
 * answers {@code {}} on the first poll (still running) and the result afterwards. {@code POST
 * /upload/image} adds a file to the input folder. Nothing is rendered.
 *
 * <pre>{@code
 * try (ComfyUiFake fake = ComfyUiFake.start(inventory)) {
 *   ComfyClient client = ComfyClient.of(fake.uri());
 * }
 * }</pre>
 */
public final class ComfyUiFake implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final NodeSchemas schemas;
  private final Map<String, List<String>> folders = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> history = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger rejected = new AtomicInteger();

  private ComfyUiFake(NodeSchemas schemas, ModelInventory inventory) throws IOException {
    this.schemas = schemas;
    inventory.folders().forEach((k, v) -> folders.put(k, new CopyOnWriteArrayList<>(v)));
    folders.computeIfAbsent("input", k -> new CopyOnWriteArrayList<>());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fake with the standard table and {@code inventory}'s files. */
  public static ComfyUiFake start(ModelInventory inventory) {
    try {
      return new ComfyUiFake(NodeSchemas.standard(), inventory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Prompt ids accepted so far, in order. */
  public List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** How many prompts were refused with 400. */
  public int rejected() {
    return rejected.get();
  }

  /** The files in the fake's input folder (uploaded or given). */
  public List<String> inputFiles() {
    return List.copyOf(folders.get("input"));
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("POST") && path.equals("/prompt")) {
        prompt(ex);
      } else if (method.equals("GET") && path.startsWith("/history/")) {
        String id = path.substring("/history/".length());
        Map<String, Object> h = history.get(id);
        int n = polls.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement();
        send(ex, 200, h == null || n == 0 ? Map.of() : Map.of(id, h));
      } else if (method.equals("GET") && path.equals("/view")) {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String name = q.getOrDefault("filename", "");
        if (name.isEmpty() || name.startsWith("/") || name.contains("..")) {
          sendBytes(ex, 400, new byte[0], "text/plain");
          return;
        }
        String key =
            q.getOrDefault("type", "output") + "/" + q.getOrDefault("subfolder", "") + "/" + name;
        byte[] png = files.get(key);
        if (png == null) {
          sendBytes(ex, 404, new byte[0], "text/plain");
        } else {
          sendBytes(ex, 200, png, "image/png");
        }
      } else if (method.equals("POST") && path.equals("/upload/image")) {
        upload(ex);
      } else {
        sendBytes(ex, 404, "404: Not Found".getBytes(StandardCharsets.UTF_8), "text/plain");
      }
    } catch (RuntimeException e) {
      sendBytes(ex, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8), "text/plain");
    }
  }

  private void prompt(HttpExchange ex) throws IOException {
    JsonNode body = WorkflowJson.MAPPER.readTree(ex.getRequestBody());
    if (body == null || !body.has("prompt")) {
      rejected.incrementAndGet();
      send(
          ex,
          400,
          Map.of(
              "error",
              error("no_prompt", "No prompt provided", "No prompt provided"),
              "node_errors",
              Map.of()));
      return;
    }
    ParsedWorkflow parsed =
        WorkflowJson.read(WorkflowJson.MAPPER.writeValueAsString(body.get("prompt")));
    Workflow w = parsed.workflow();
    ModelInventory inv = ModelInventory.builder().putAllFolders(folders).build();
    PromptValidation v = PromptValidator.of(schemas, inv).validate(w);
    Map<String, Object> nodeErrors = new LinkedHashMap<>();
    v.nodeErrors()
        .forEach(
            (id, errs) -> {
              List<Object> list = new ArrayList<>();
              errs.forEach(e -> list.add(error(e.type(), e.message(), e.details())));
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("errors", list);
              m.put("dependent_outputs", List.of());
              m.put("class_type", w.node(id).flatMap(WorkflowNode::classType).orElse(""));
              nodeErrors.put(id, m);
            });
    if (!v.valid()) {
      rejected.incrementAndGet();
      PromptProblem e = v.error().get();
      send(
          ex,
          400,
          Map.of("error", error(e.type(), e.message(), e.details()), "node_errors", nodeErrors));
      return;
    }
    String id =
        body.hasNonNull("prompt_id")
            ? body.get("prompt_id").asText()
            : UUID.randomUUID().toString();
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (String o : v.goodOutputs()) {
      WorkflowNode save = w.node(o).get();
      if (!save.classType().get().equals("SaveImage")) {
        continue;
      }
      String prefix = save.string("filename_prefix").orElse("ComfyUI");
      int slash = prefix.lastIndexOf('/');
      String sub = slash < 0 ? "" : prefix.substring(0, slash);
      String name = prefix.substring(slash + 1);
      int counter;
      synchronized (counters) {
        counter = counters.merge(sub + "/" + name, 1, Integer::sum);
      }
      String file = String.format(java.util.Locale.ROOT, "%s_%05d_.png", name, counter);
      files.put("output/" + sub + "/" + file, png(prefix.hashCode()));
      outputs.put(
          o,
          Map.of("images", List.of(Map.of("filename", file, "subfolder", sub, "type", "output"))));
    }
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("outputs", outputs);
    h.put("status", Map.of("status_str", "success", "completed", true, "messages", List.of()));
    history.put(id, h);
    accepted.add(id);
    send(
        ex, 200, Map.of("prompt_id", id, "number", accepted.size() - 1, "node_errors", nodeErrors));
  }

  private void upload(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int fn = text.indexOf("filename=\"");
    if (fn < 0) {
      sendBytes(ex, 400, new byte[0], "text/plain");
      return;
    }
    String name = text.substring(fn + 10, text.indexOf('"', fn + 10));
    int start = text.indexOf("\r\n\r\n", fn) + 4;
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    String boundary = ct.substring(ct.indexOf("boundary=") + 9);
    int end = text.indexOf("\r\n--" + boundary, start);
    byte[] data = java.util.Arrays.copyOfRange(body, start, end);
    files.put("input//" + name, data);
    List<String> input = folders.get("input");
    if (!input.contains(name)) {
      input.add(name);
    }
    send(ex, 200, Map.of("name", name, "subfolder", "", "type", "input"));
  }

  private static Map<String, Object> error(String type, String message, String details) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("message", message);
    m.put("details", details);
    m.put("extra_info", Map.of());
    return m;
  }

  private static byte[] png(int seed) {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        img.setRGB(x, y, (seed * 31 + x * 8 + y) & 0xFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      q.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, Object json) throws IOException {
    sendBytes(ex, status, WorkflowJson.MAPPER.writeValueAsBytes(json), "application/json");
  }

  private static void sendBytes(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
