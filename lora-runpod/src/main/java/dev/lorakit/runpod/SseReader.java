package dev.lorakit.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.runpod.internal.Json;
import dev.lorakit.runpod.pod.ImmutablePodLogEvent;
import dev.lorakit.runpod.pod.LogSource;
import dev.lorakit.runpod.pod.PodLogEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reads the pod log SSE stream ({@code id:} and {@code data:} lines, blank line ends an event). */
final class SseReader implements Iterator<PodLogEvent> {
  private final BufferedReader reader;
  private PodLogEvent next;
  private boolean done;

  private SseReader(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  static Stream<PodLogEvent> events(InputStream in) {
    SseReader r = new SseReader(in);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              try {
                in.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    next = readEvent();
    if (next == null) {
      done = true;
    }
    return next != null;
  }

  @Override
  public PodLogEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    PodLogEvent e = next;
    next = null;
    return e;
  }

  private PodLogEvent readEvent() {
    String id = null;
    StringBuilder data = new StringBuilder();
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            return parse(id, data.toString());
          }
          id = null;
          continue;
        }
        if (line.startsWith(":")) {
          continue;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        if (field.equals("id")) {
          id = value;
        } else if (field.equals("data")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(value);
        }
      }
      return data.length() > 0 ? parse(id, data.toString()) : null;
    } catch (IOException e) {
      throw new RunpodIoException("GET", "/v2/pods/{id}/logs", true, e.toString(), e);
    }
  }

  private static PodLogEvent parse(String id, String data) {
    ImmutablePodLogEvent.Builder b = ImmutablePodLogEvent.builder();
    if (id != null) {
      b.eventId(id);
    }
    try {
      JsonNode node = Json.mapper().readTree(data);
      if (node != null && node.isObject()) {
        if (node.hasNonNull("line")) {
          b.line(node.get("line").asText());
        }
        if (node.hasNonNull("ts")) {
          b.ts(node.get("ts").asText());
        }
        if (node.hasNonNull("source")) {
          b.source(Json.mapper().treeToValue(node.get("source"), LogSource.class));
        }
        return b.build();
      }
    } catch (IOException e) {
      // Not JSON: keep the raw text as the line.
    }
    return b.line(data).build();
  }
}
