package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** One file of {@code GET /api/jobs/{id}/files}: absolute path on the pod and size in bytes. */
@Value.Immutable
@JsonSerialize(as = ImmutableJobFile.class)
@JsonDeserialize(as = ImmutableJobFile.class)
public abstract class JobFile {
  public abstract String path();

  public abstract long size();

  public String fileName() {
    int slash = path().lastIndexOf('/');
    return slash < 0 ? path() : path().substring(slash + 1);
  }

  public boolean isCheckpoint() {
    return fileName().endsWith(".safetensors");
  }
}
