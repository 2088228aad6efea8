package dev.lorakit.runpod.pod;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * SSH access of a pod (schema {@code PodSsh}). The proxy carries an interactive shell only; scp,
 * sftp and rsync need {@link #direct()}, which is absent until {@code 22/tcp} is mapped.
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePodSsh.class)
@JsonDeserialize(as = ImmutablePodSsh.class)
public abstract class PodSsh {
  public abstract Optional<PodSshEndpoint> proxy();

  public abstract Optional<PodSshEndpoint> direct();
}
