package dev.lorakit.runpod.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Body of {@code POST /v2/templates} (schema {@code CreateTemplateRequest}). Note the server
 * defaults {@code startSsh} and {@code startJupyter} to true for templates.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCreateTemplateRequest.class)
@JsonDeserialize(as = ImmutableCreateTemplateRequest.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class CreateTemplateRequest {
  public abstract String name();

  public abstract String image();

  public abstract Optional<String> args();

  public abstract Optional<Integer> disk();

  public abstract List<String> ports();

  @Value.Redacted
  public abstract Map<String, String> env();

  public abstract Optional<String> registry();

  public abstract List<String> allowedCudaVersions();

  public abstract Optional<TemplateCategory> category();

  public abstract Optional<TemplateMounts> mounts();

  @JsonProperty("public")
  public abstract Optional<Boolean> isPublic();

  public abstract Optional<Boolean> serverless();

  public abstract Optional<Boolean> startJupyter();

  public abstract Optional<Boolean> startSsh();

  public static ImmutableCreateTemplateRequest.Builder builder() {
    return ImmutableCreateTemplateRequest.builder();
  }
}
