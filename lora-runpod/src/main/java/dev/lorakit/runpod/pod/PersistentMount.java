package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/** Host-local persistent storage (schema {@code PersistentMount}); lost with the host. */
@Value.Immutable
@JsonSerialize(as = ImmutablePersistentMount.class)
@JsonDeserialize(as = ImmutablePersistentMount.class)
public abstract class PersistentMount {
  /** Size in GB, at least 10. */
  public abstract int size();

  /** Mount path inside the container, e.g. {@code /workspace}. */
  public abstract String path();

  public static PersistentMount of(int size, String path) {
    return ImmutablePersistentMount.builder().size(size).path(path).build();
  }
}
