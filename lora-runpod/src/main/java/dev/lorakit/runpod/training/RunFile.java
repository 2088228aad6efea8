package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lorakit.runpod.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The persisted state of a run ({@code run.json} in the output folder), enough for a restarted
 * process to reattach or clean up. It holds no secret: the UI token is read back from the pod's env
 * through the API.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRunFile.class)
@JsonDeserialize(as = ImmutableRunFile.class)
public abstract class RunFile {
  public static final String FILE_NAME = "run.json";

  public abstract String runName();

  /** The pod's unique name, the idempotency key of its creation. */
  public abstract String podName();

  public abstract Optional<String> podId();

  public abstract Optional<String> jobId();

  public abstract RunState state();

  /** Checkpoint file name to verified size in bytes. */
  public abstract Map<String, Long> downloaded();

  /** Dataset name on the pod to local folder, for a resume on a new pod. */
  public abstract Map<String, String> datasets();

  /** The network volume the training folder lives on, if any. */
  public abstract Optional<String> volumeId();

  public abstract Optional<String> volumeDataCenter();

  @Value.Default
  public double costUsd() {
    return 0;
  }

  @Value.Default
  public String message() {
    return "";
  }

  public static ImmutableRunFile.Builder builder() {
    return ImmutableRunFile.builder();
  }

  public static Optional<RunFile> read(Path dir) throws IOException {
    Path f = dir.resolve(FILE_NAME);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().readValue(f.toFile(), RunFile.class));
  }

  /** Writes atomically (temp file, then move). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dir.resolve(FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
