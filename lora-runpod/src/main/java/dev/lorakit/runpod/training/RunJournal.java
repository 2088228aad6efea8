package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run journal ({@code journal.jsonl} in the run folder): one JSON object per line, appended and
 * fsynced before the call returns, never rewritten. It records every pod created and terminated,
 * every job, checkpoint, sample and dollar, so that a crash at any instant leaves a true account
 * and {@link Reaper} can tell lorakit's live pods from orphans. A torn last line (a crash in the
 * middle of a write) is skipped on read.
 *
 * <pre>{@code
 * RunJournal journal = RunJournal.open(Path.of("runs/mychar_v1"));
 * journal.append("pod-created", e -> e.put("podId", pod.id()).put("podName", pod.name()));
 * Set<String> live = journal.livePods();
 * }</pre>
 */
public final class RunJournal {
  public static final String FILE_NAME = "journal.jsonl";

  private final Path file;

  private RunJournal(Path file) {
    this.file = file;
  }

  /** The journal of a run folder (created on first append). */
  public static RunJournal open(Path runDir) {
    return new RunJournal(runDir.resolve(FILE_NAME));
  }

  public Path file() {
    return file;
  }

  /** Fills in an entry's fields. */
  @FunctionalInterface
  public interface Fields {
    void fill(ObjectNode entry);
  }

  /** Appends one entry {@code {"at":..., "type":...}} plus {@code fields}, then fsyncs. */
  public synchronized void append(Instant at, String type, Fields fields) throws IOException {
    ObjectNode entry = Json.mapper().createObjectNode();
    entry.put("at", at.toString()).put("type", type);
    fields.fill(entry);
    byte[] line = (Json.mapper().writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean created = !Files.exists(file);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // One writer per run (the run's thread, synchronized here): position at the end.
      ch.position(ch.size());
      if (ch.size() > 0) {
        // After a crash mid-append the last line is torn: end it, so this entry stays whole.
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, ch.size() - 1);
        if (last.get(0) != '\n') {
          ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (created) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        // Not every platform can open a folder; the file itself is synced.
      }
    }
  }

  /** Every complete entry, in order; empty when there is no journal. */
  public List<JsonNode> entries() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(Json.mapper().readTree(line));
      } catch (IOException torn) {
        // A crash during the last append: that entry never happened.
      }
    }
    return out;
  }

  /** Whether the run recorded its end. */
  public boolean finished() throws IOException {
    return entries().stream().anyMatch(e -> e.path("type").asText().equals("finished"));
  }

  /**
   * Ids and names of the pods this journal owns: created and not recorded as terminated, in a run
   * that has not finished. A finished run owns no pod, so any pod of it still alive is an orphan.
   */
  public Set<String> livePods() throws IOException {
    Set<String> live = new LinkedHashSet<>();
    boolean finished = false;
    for (JsonNode e : entries()) {
      String type = e.path("type").asText();
      String id = e.path("podId").asText("");
      String name = e.path("podName").asText("");
      if (type.equals("pod-created") || type.equals("pod-launching")) {
        if (!id.isEmpty()) {
          live.add(id);
        }
        if (!name.isEmpty()) {
          live.add(name);
        }
      } else if (type.equals("pod-terminated")) {
        live.remove(id);
        live.remove(name);
      } else if (type.equals("finished")) {
        finished = true;
      }
    }
    return finished ? Set.of() : live;
  }

  /** The sum of the {@code usd} of every {@code cost} entry of type {@code pod-cost}. */
  public double spentUsd() throws IOException {
    return entries().stream()
        .filter(e -> e.path("type").asText().equals("pod-cost"))
        .mapToDouble(e -> e.path("usd").asDouble())
        .sum();
  }

  /** The last entry of a type. */
  public Optional<JsonNode> last(String type) throws IOException {
    JsonNode found = null;
    for (JsonNode e : entries()) {
      if (e.path("type").asText().equals(type)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }
}
