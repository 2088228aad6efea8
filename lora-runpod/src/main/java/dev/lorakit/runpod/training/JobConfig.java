package dev.lorakit.runpod.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.internal.Json;
import java.util.Objects;

/**
 * An ai-toolkit job config ({@code {"job":"extension","config":{...}}}) as an immutable value: it
 * keeps the canonical JSON text and hands out a fresh tree on each {@link #json()}, so no caller
 * can change a {@link TrainingRunSpec} after it was built.
 *
 * <pre>{@code
 * JobConfig job = JobConfig.parse(uiJson);
 * job.name(); // config.name, the run's name
 * }</pre>
 */
public final class JobConfig {
  private final String text;
  private final String name;

  private JobConfig(String text, String name) {
    this.text = text;
    this.name = name;
  }

  /** A copy of {@code config}; later changes to the tree do not reach the value. */
  public static JobConfig of(ObjectNode config) {
    Objects.requireNonNull(config, "config");
    try {
      return new JobConfig(
          Json.mapper().writeValueAsString(config), config.path("config").path("name").asText(""));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job config is not serialisable: " + e.getMessage(), e);
    }
  }

  /**
   * Parses the UI job JSON a config writer produced.
   *
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static JobConfig parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job config is not JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("job config is not a JSON object");
    }
    return of(object);
  }

  /** A new tree of the config, free to change. */
  public ObjectNode json() {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JobConfig always holds valid JSON", e);
    }
  }

  /** The canonical JSON text. */
  public String text() {
    return text;
  }

  /** {@code config.name}: the job's name in the UI and the run's name; empty when absent. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobConfig j && j.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "JobConfig[" + name + "]";
  }
}
