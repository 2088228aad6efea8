package dev.lorakit.runpod.template;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lorakit.runpod.pod.PersistentMount;
import java.util.Optional;
import org.immutables.value.Value;

/** Mounts of a template (schema {@code TemplateMounts}): one persistent mount at most. */
@Value.Immutable
@JsonSerialize(as = ImmutableTemplateMounts.class)
@JsonDeserialize(as = ImmutableTemplateMounts.class)
public abstract class TemplateMounts {
  public abstract Optional<PersistentMount> persistent();
}
