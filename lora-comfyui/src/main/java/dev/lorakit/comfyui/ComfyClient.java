package dev.lorakit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A small client of ComfyUI's HTTP API ({@code server.py}): queue a prompt ({@code POST /prompt}),
 * read its history ({@code GET /history/{id}}), download an image ({@code GET /view}) and upload a
 * reference image ({@code POST /upload/image}). Thread-safe; one per server.
 *
 * <pre>{@code
 * try (ComfyClient comfy = ComfyClient.of(URI.create("http://127.0.0.1:8188"))) {
 *   String id = comfy.queue(workflow);
 *   PromptHistory h = comfy.await(id, Duration.ofMinutes(30));
 *   byte[] png = comfy.view(h.images().get(0));
 * }
 * }</pre>
 */
public final class ComfyClient implements AutoCloseable {
  private final URI base;
  private final HttpClient http;
  private final String clientId = UUID.randomUUID().toString();
  private final Duration pollInterval;

  private ComfyClient(URI base, Duration pollInterval) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.pollInterval = pollInterval;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A client of the ComfyUI at {@code base}, polling history once a second. */
  public static ComfyClient of(URI base) {
    return new ComfyClient(Objects.requireNonNull(base, "base"), Duration.ofSeconds(1));
  }

  /** The same server, polled at {@code interval}. */
  public ComfyClient withPollInterval(Duration interval) {
    return new ComfyClient(base, interval);
  }

  /**
   * Queues {@code workflow} and returns its prompt id.
   *
   * @throws ComfyApiException with status 400 when ComfyUI's validator rejects the prompt; its
   *     {@link ComfyApiException#errorBody()} holds ComfyUI's {@code error} and {@code node_errors}
   */
  public String queue(Workflow workflow) {
    Map<String, Object> body =
        Map.of("prompt", WorkflowJson.toMap(workflow), "client_id", clientId);
    JsonNode answer = send("POST", "prompt", WorkflowJson.json(body));
    String id = answer.path("prompt_id").asText("");
    if (id.isEmpty()) {
      throw new ComfyIoException("POST /prompt: no prompt_id in the answer", null);
    }
    return id;
  }

  /** The prompt's history, or empty while it is queued or running. */
  public Optional<PromptHistory> history(String promptId) {
    JsonNode all = send("GET", "history/" + encode(promptId), null);
    JsonNode h = all.get(promptId);
    if (h == null || !h.isObject()) {
      return Optional.empty();
    }
    List<ImageRef> images = new ArrayList<>();
    JsonNode outputs = h.path("outputs");
    for (Iterator<String> it = outputs.fieldNames(); it.hasNext(); ) {
      for (JsonNode img : outputs.get(it.next()).path("images")) {
        images.add(
            ImageRef.of(
                img.path("filename").asText(),
                img.path("subfolder").asText(""),
                img.path("type").asText("output")));
      }
    }
    JsonNode status = h.path("status");
    return Optional.of(
        PromptHistory.builder()
            .promptId(promptId)
            .completed(status.path("completed").asBoolean(false))
            .status(status.path("status_str").asText("unknown"))
            .images(images)
            .build());
  }

  /**
   * Polls the history until the prompt is done.
   *
   * @throws ComfyException when {@code timeout} passes first
   */
  public PromptHistory await(String promptId, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (true) {
      Optional<PromptHistory> h = history(promptId);
      if (h.isPresent()) {
        return h.get();
      }
      if (Instant.now().isAfter(end)) {
        throw new ComfyException("prompt " + promptId + " did not finish within " + timeout);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ComfyException("interrupted while waiting for prompt " + promptId, e);
      }
    }
  }

  /** The bytes of a saved image ({@code GET /view?filename=&subfolder=&type=}). */
  public byte[] view(ImageRef image) {
    String path =
        "view?filename="
            + encode(image.filename())
            + "&subfolder="
            + encode(image.subfolder())
            + "&type="
            + encode(image.type());
    return sendBytes(HttpRequest.newBuilder(base.resolve(path)).GET().build(), "GET", "/" + path);
  }

  /**
   * Uploads an image into ComfyUI's {@code input} folder ({@code POST /upload/image}, overwriting a
   * file of the same name) and returns the name {@code LoadImage} knows it by.
   */
  public String uploadImage(Path file) {
    String boundary = "lorakit" + UUID.randomUUID().toString().replace("-", "");
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ComfyIoException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString().replace("\"", "");
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + data.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(data, 0, body, head.length, data.length);
    System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve("upload/image"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    JsonNode answer = parse(sendBytes(req, "POST", "/upload/image"), "POST", "/upload/image");
    String sub = answer.path("subfolder").asText("");
    String uploaded = answer.path("name").asText(name);
    return sub.isEmpty() ? uploaded : sub + "/" + uploaded;
  }

  private JsonNode send(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (json == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    return parse(sendBytes(b.build(), method, "/" + path), method, "/" + path);
  }

  private byte[] sendBytes(HttpRequest req, String method, String path) {
    HttpResponse<byte[]> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ComfyIoException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComfyIoException(method + " " + path + ": interrupted", e);
    }
    if (r.statusCode() >= 300) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      throw new ComfyApiException(r.statusCode(), method, path, detail(body), body);
    }
    return r.body();
  }

  /** ComfyUI's {@code error.message: details}, or the raw body. */
  private static String detail(String body) {
    try {
      JsonNode n = WorkflowJson.MAPPER.readTree(body);
      JsonNode e = n == null ? null : n.get("error");
      if (e != null && e.isObject()) {
        String d = e.path("details").asText("");
        return e.path("message").asText("") + (d.isEmpty() ? "" : ": " + d);
      }
    } catch (IOException ignored) {
      // not JSON: the body itself is the detail
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  private static JsonNode parse(byte[] body, String method, String path) {
    try {
      return WorkflowJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ComfyIoException(method + " " + path + ": the answer is not JSON", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads stop when unused.
  }

  @Override
  public String toString() {
    return "ComfyClient[" + base + "]";
  }
}
