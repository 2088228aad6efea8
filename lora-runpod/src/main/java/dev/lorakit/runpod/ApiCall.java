package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One API operation: what to send and how to read a 2xx answer. */
final class ApiCall<T> {

  /** Reads a successful response; {@code body} is empty for 204. */
  @FunctionalInterface
  interface ResponseReader<T> {
    T read(int status, byte[] body) throws java.io.IOException;
  }

  final String method;
  final String path;
  final List<Map.Entry<String, String>> query;
  final Optional<JsonNode> body;
  final boolean idempotent;
  final ResponseReader<T> reader;

  private ApiCall(
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      Optional<JsonNode> body,
      boolean idempotent,
      ResponseReader<T> reader) {
    this.method = method;
    this.path = path;
    this.query = List.copyOf(query);
    this.body = body;
    this.idempotent = idempotent;
    this.reader = reader;
  }

  static <T> ApiCall<T> get(
      String path, List<Map.Entry<String, String>> query, ResponseReader<T> r) {
    return new ApiCall<>("GET", path, query, Optional.empty(), true, r);
  }

  static <T> ApiCall<T> get(String path, ResponseReader<T> r) {
    return get(path, List.of(), r);
  }

  static <T> ApiCall<T> send(
      String method, String path, JsonNode body, boolean idempotent, ResponseReader<T> r) {
    return new ApiCall<>(method, path, List.of(), Optional.of(body), idempotent, r);
  }

  static <T> ApiCall<T> delete(String path, ResponseReader<T> r) {
    return new ApiCall<>("DELETE", path, List.of(), Optional.empty(), true, r);
  }

  /** Path plus query string, percent-encoded. */
  String pathAndQuery() {
    if (query.isEmpty()) {
      return path;
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : query) {
      parts.add(encode(e.getKey()) + "=" + encode(e.getValue()));
    }
    return path + "?" + String.join("&", parts);
  }

  /** Percent-encodes one path segment or query component (space as %20, never +). */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
