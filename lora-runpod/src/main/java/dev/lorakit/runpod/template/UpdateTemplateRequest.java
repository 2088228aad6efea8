package dev.lorakit.runpod.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** Body of {@code PATCH /v2/templates/{id}}; only present fields are sent. */
@Value.Immutable
@JsonSerialize(as = ImmutableUpdateTemplateRequest.class)
@JsonDeserialize(as = ImmutableUpdateTemplateRequest.class)
public abstract class UpdateTemplateRequest {
  public abstract Optional<String> name();

  public abstract Optional<String> image();

  public abstract Optional<String> args();

  public abstract Optional<Integer> disk();

  public abstract Optional<List<String>> ports();

  @Value.Redacted
  public abstract Optional<Map<String, String>> env();

  public abstract Optional<String> registry();

  public abstract Optional<List<String>> allowedCudaVersions();

  public abstract Optional<TemplateCategory> category();

  public abstract Optional<TemplateMounts> mounts();

  @JsonProperty("public")
  public abstract Optional<Boolean> isPublic();

  public abstract Optional<Boolean> serverless();

  public abstract Optional<Boolean> startJupyter();

  public abstract Optional<Boolean> startSsh();

  public static ImmutableUpdateTemplateRequest.Builder builder() {
    return ImmutableUpdateTemplateRequest.builder();
  }
}
