package dev.lorakit.runpod.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** A pod or serverless template (schema {@code Template}). */
@Value.Immutable
@JsonSerialize(as = ImmutableTemplate.class)
@JsonDeserialize(as = ImmutableTemplate.class)
public abstract class Template {
  public abstract String id();

  public abstract String name();

  public abstract Optional<String> image();

  public abstract Optional<String> args();

  public abstract Optional<Integer> disk();

  public abstract Optional<TemplateMounts> mounts();

  public abstract List<String> ports();

  /** Environment; may hold secrets, so it never appears in {@code toString}. */
  @Value.Redacted
  public abstract Map<String, String> env();

  public abstract Optional<String> registry();

  @Value.Default
  public boolean serverless() {
    return false;
  }

  /** Wire name {@code public}. */
  @JsonProperty("public")
  @Value.Default
  public boolean isPublic() {
    return false;
  }

  @Value.Default
  public TemplateCategory category() {
    return TemplateCategory.UNKNOWN;
  }

  @Value.Default
  public boolean startSsh() {
    return false;
  }

  @Value.Default
  public boolean startJupyter() {
    return false;
  }

  public abstract List<String> allowedCudaVersions();
}
