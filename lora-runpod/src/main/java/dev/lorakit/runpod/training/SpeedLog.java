package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.runpod.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * Seconds per step measured by past runs, stored locally ({@code ~/.lorakit/speed.json}, or {@code
 * <lorakit.home>/speed.json} with the system property {@code lorakit.home}) and keyed by GPU, base
 * model, largest resolution, batch size and qtype, so that {@code lorakit plan} can quote a
 * measured figure instead of the published table.
 *
 * <pre>{@code
 * SpeedLog log = SpeedLog.standard();
 * OptionalDouble s = log.secondsPerStep(SpeedLog.Key.of(project));
 * }</pre>
 */
public final class SpeedLog {
  public static final String FILE_NAME = "speed.json";

  private final Path file;

  private SpeedLog(Path file) {
    this.file = file;
  }

  public static SpeedLog at(Path file) {
    return new SpeedLog(file);
  }

  /** The user's log: {@code $lorakit.home/speed.json} or {@code ~/.lorakit/speed.json}. */
  public static SpeedLog standard() {
    String home = System.getProperty("lorakit.home");
    Path dir =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".lorakit");
    return new SpeedLog(dir.resolve(FILE_NAME));
  }

  public Path file() {
    return file;
  }

  /** What a measured speed depends on. */
  @Value.Immutable
  public abstract static class Key {
    public abstract String gpu();

    public abstract String baseModel();

    public abstract int resolution();

    public abstract int batch();

    public abstract String qtype();

    /** The key as stored: {@code gpu|model|resolution|batch|qtype}. */
    @Override
    public String toString() {
      return String.join(
          "|",
          gpu(),
          baseModel(),
          Integer.toString(resolution()),
          Integer.toString(batch()),
          qtype());
    }

    /** The key of a project on its own hardware target. */
    public static Key of(LoraProject project) {
      return ImmutableKey.builder()
          .gpu(project.hardware().gpuType())
          .baseModel(project.baseModel().id())
          .resolution(project.training().resolutions().stream().mapToInt(i -> i).max().orElse(1024))
          .batch(project.training().batchSize())
          .qtype(project.training().quantization().qtype())
          .build();
    }
  }

  /** The last measured seconds per step for the key, if any run measured it. */
  public OptionalDouble secondsPerStep(Key key) throws IOException {
    JsonNode n = read().path(key.toString()).path("secondsPerStep");
    return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
  }

  /** Where a measured figure came from: the run and the steps it was measured over. */
  public Optional<String> describe(Key key) throws IOException {
    JsonNode n = read().path(key.toString());
    if (!n.path("secondsPerStep").isNumber()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%.2f s/step measured by run %s over %d steps on %s",
            n.path("secondsPerStep").asDouble(),
            n.path("run").asText("?"),
            n.path("steps").asInt(),
            n.path("at").asText("?")));
  }

  /** Records a measurement (replacing an older one for the key), atomically. */
  public void record(Key key, double secondsPerStep, int steps, String run, Instant at)
      throws IOException {
    if (!(secondsPerStep > 0) || steps <= 0) {
      return;
    }
    ObjectNode all = read();
    all.putObject(key.toString())
        .put("secondsPerStep", secondsPerStep)
        .put("steps", steps)
        .put("run", run)
        .put("at", at.toString());
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
  }

  private ObjectNode read() throws IOException {
    if (!Files.exists(file)) {
      return Json.mapper().createObjectNode();
    }
    JsonNode n = Json.mapper().readTree(file.toFile());
    return n instanceof ObjectNode ? (ObjectNode) n : Json.mapper().createObjectNode();
  }
}
