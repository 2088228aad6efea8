package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/** Sends {@link ApiCall}s with authentication, retries and error mapping. Thread-safe. */
final class Transport {
  private static final System.Logger LOG = System.getLogger(Transport.class.getName());
  private static final int MAX_RAW = 4096;
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(auth|token|key|secret|pass).*");

  private final HttpClient http;
  private final URI baseUrl;
  private final String apiKey;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final String userAgent;
  private final AtomicReference<RateLimitStatus> lastRateLimit = new AtomicReference<>();

  Transport(
      HttpClient http,
      URI baseUrl,
      String apiKey,
      Duration requestTimeout,
      RetryPolicy retry,
      Sleeper sleeper,
      String userAgent) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.requestTimeout = requestTimeout;
    this.retry = retry;
    this.sleeper = sleeper;
    this.userAgent = userAgent;
  }

  URI baseUrl() {
    return baseUrl;
  }

  Optional<RateLimitStatus> lastRateLimit() {
    return Optional.ofNullable(lastRateLimit.get());
  }

  RetryPolicy retryPolicy() {
    return retry;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  URI uri(ApiCall<?> call) {
    String base = baseUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + call.pathAndQuery());
  }

  private HttpRequest.Builder request(ApiCall<?> call) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(call))
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json, application/problem+json")
            .header("User-Agent", userAgent);
    if (call.body.isPresent()) {
      byte[] bytes = writeBytes(call.body.get());
      b.header("Content-Type", "application/json");
      b.method(call.method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    } else {
      b.method(call.method, HttpRequest.BodyPublishers.noBody());
    }
    return b;
  }

  RenderedRequest render(ApiCall<?> call) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer ****");
    headers.put("Accept", "application/json, application/problem+json");
    headers.put("User-Agent", userAgent);
    Optional<String> body = Optional.empty();
    if (call.body.isPresent()) {
      headers.put("Content-Type", "application/json");
      JsonNode masked = mask(call.body.get().deepCopy());
      try {
        body =
            Optional.of(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(masked));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return RenderedRequest.builder()
        .method(call.method)
        .url(uri(call).toString())
        .headers(headers)
        .body(body)
        .build();
  }

  /** Masks values of env entries whose key looks secret. */
  private static JsonNode mask(JsonNode node) {
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      JsonNode env = obj.get("env");
      if (env != null && env.isObject()) {
        List<String> keys = new java.util.ArrayList<>();
        env.properties().forEach(e -> keys.add(e.getKey()));
        for (String k : keys) {
          if (SECRET_KEY.matcher(k).matches()) {
            ((ObjectNode) env).put(k, "****");
          }
        }
      }
      obj.properties().forEach(e -> mask(e.getValue()));
    } else if (node.isArray()) {
      node.forEach(Transport::mask);
    }
    return node;
  }

  private static byte[] writeBytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T execute(ApiCall<T> call) {
    int attempt = 1;
    while (true) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(request(call).build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // Never sent: safe to retry any call.
        if (attempt < retry.maxAttempts()) {
          pause(call, retry.backoff(attempt));
          attempt++;
          continue;
        }
        throw new RunpodIoException(call.method, call.path, false, describe(e), e);
      } catch (IOException e) {
        if (call.idempotent && attempt < retry.maxAttempts()) {
          pause(call, retry.backoff(attempt));
          attempt++;
          continue;
        }
        throw new RunpodIoException(call.method, call.path, true, describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunpodIoException(call.method, call.path, true, "interrupted", e);
      }
      int status = response.statusCode();
      Optional<RateLimitStatus> rateLimit = rateLimit(response.headers());
      rateLimit.ifPresent(lastRateLimit::set);
      int tryNo = attempt;
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> call.method + " " + call.path + " -> " + status + " (try " + tryNo + ")");
      if (status >= 200 && status < 300) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        checkNoErrorKey(call, status, body, rateLimit);
        try {
          return call.reader.read(status, body);
        } catch (IOException | RuntimeException e) {
          if (e instanceof RunpodException) {
            throw (RunpodException) e;
          }
          throw new RunpodException(
              call.method
                  + " "
                  + call.path
                  + " "
                  + status
                  + ": unreadable response: "
                  + scrub(String.valueOf(e.getMessage())),
              e);
        }
      }
      Optional<Duration> retryAfter = retryAfter(response.headers());
      RunpodApiException error =
          error(status, call, errorBody(status, response.body()), rateLimit, retryAfter);
      if (status == 429 && attempt < retry.maxAttempts()) {
        Duration wait = retryAfter.orElse(retry.backoff(attempt));
        if (wait.compareTo(retry.maxRetryAfter()) <= 0) {
          pause(call, wait);
          attempt++;
          continue;
        }
      }
      if (status >= 500 && call.idempotent && attempt < retry.maxAttempts()) {
        pause(call, retry.backoff(attempt));
        attempt++;
        continue;
      }
      throw error;
    }
  }

  /** Opens a streaming GET (pod logs); the caller closes the stream. */
  InputStream openStream(ApiCall<?> call, Map<String, String> extraHeaders) {
    HttpRequest.Builder b = request(call).setHeader("Accept", "text/event-stream");
    b.timeout(Duration.ofDays(1));
    extraHeaders.forEach(b::setHeader);
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RunpodIoException(call.method, call.path, true, describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunpodIoException(call.method, call.path, true, "interrupted", e);
    }
    int status = response.statusCode();
    Optional<RateLimitStatus> rateLimit = rateLimit(response.headers());
    rateLimit.ifPresent(lastRateLimit::set);
    if (status >= 200 && status < 300) {
      return response.body();
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_RAW);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw error(status, call, errorBody(status, body), rateLimit, retryAfter(response.headers()));
  }

  private void pause(ApiCall<?> call, Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunpodIoException(call.method, call.path, true, "interrupted while waiting", e);
    }
  }

  private String describe(Exception e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return scrub(m == null || m.isBlank() ? kind : kind + ": " + m);
  }

  /** Removes the API key from any text that might be shown. */
  String scrub(String text) {
    if (apiKey.isEmpty() || text == null) {
      return text;
    }
    return text.replace(apiKey, "****");
  }

  private void checkNoErrorKey(
      ApiCall<?> call, int status, byte[] body, Optional<RateLimitStatus> rateLimit) {
    // RunPod has answered 2xx with {"error": ...} before; such a body is a failure.
    if (body.length == 0 || body[0] != '{') {
      return;
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node != null && node.isObject() && node.has("error") && !node.has("id")) {
        throw new RunpodApiException(
            status, call.method, call.path, errorBody(status, body), rateLimit, Optional.empty());
      }
    } catch (IOException e) {
      // Not JSON: let the reader decide.
    }
  }

  ErrorResponse errorBody(int status, byte[] body) {
    String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    if (raw.length() > MAX_RAW) {
      raw = raw.substring(0, MAX_RAW);
    }
    raw = scrub(raw);
    ImmutableErrorResponse.Builder b = ErrorResponse.builder().raw(raw);
    String detail = raw.strip();
    try {
      JsonNode node = raw.isBlank() ? null : Json.mapper().readTree(raw);
      if (node != null && node.isObject()) {
        if (node.hasNonNull("title")) {
          b.title(node.get("title").asText());
        }
        if (node.hasNonNull("status") && node.get("status").canConvertToInt()) {
          b.status(node.get("status").asInt());
        }
        if (node.has("errors") && node.get("errors").isArray()) {
          node.get("errors").forEach(e -> b.addErrors(scrub(e.asText())));
        }
        for (String key : List.of("detail", "error", "message")) {
          if (node.hasNonNull(key) && node.get(key).isTextual()) {
            detail = node.get(key).asText();
            break;
          }
        }
      }
    } catch (IOException e) {
      // Plain text body: keep it as the detail.
    }
    if (detail.length() > 500) {
      detail = detail.substring(0, 500) + "...";
    }
    return b.detail(scrub(detail)).build();
  }

  static RunpodApiException error(
      int status,
      ApiCall<?> call,
      ErrorResponse body,
      Optional<RateLimitStatus> rateLimit,
      Optional<Duration> retryAfter) {
    String m = call.method;
    String p = call.path;
    switch (status) {
      case 400:
        return new RunpodBadRequestException(status, m, p, body, rateLimit, retryAfter);
      case 401:
        return new RunpodUnauthorizedException(status, m, p, body, rateLimit, retryAfter);
      case 402:
        return new RunpodPaymentRequiredException(status, m, p, body, rateLimit, retryAfter);
      case 403:
        return new RunpodForbiddenException(status, m, p, body, rateLimit, retryAfter);
      case 404:
        return new RunpodNotFoundException(status, m, p, body, rateLimit, retryAfter);
      case 409:
        return new RunpodConflictException(status, m, p, body, rateLimit, retryAfter);
      case 422:
        return new RunpodUnprocessableException(status, m, p, body, rateLimit, retryAfter);
      case 429:
        return new RunpodRateLimitedException(status, m, p, body, rateLimit, retryAfter);
      default:
        if (status >= 500) {
          return new RunpodServerException(status, m, p, body, rateLimit, retryAfter);
        }
        return new RunpodApiException(status, m, p, body, rateLimit, retryAfter);
    }
  }

  private static Optional<RateLimitStatus> rateLimit(HttpHeaders headers) {
    return RateLimitStatus.parse(
        headers.firstValue("RateLimit"), headers.firstValue("RateLimit-Policy"));
  }

  private static Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                long s = Long.parseLong(v.trim());
                return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  static ObjectMapper mapper() {
    return Json.mapper();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
