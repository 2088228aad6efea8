package dev.lorakit.comfyui;

import dev.lorakit.core.validation.SourceLocation;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A workflow file as read: the graph, where each node and input stands in the text, and the syntax
 * or shape error that stopped the reading, if any.
 *
 * <pre>{@code
 * ParsedWorkflow p = WorkflowJson.read(text);
 * p.location("9", "sampler_name"); // line and column of the input's key
 * }</pre>
 */
@Value.Immutable
public abstract class ParsedWorkflow {
  public abstract Workflow workflow();

  /** Positions keyed by node id, and by {@code id.inputs.name} for an input. */
  public abstract Map<String, SourceLocation> locations();

  /** Why the text is not an API workflow (syntax error, UI format...), if it is not. */
  public abstract Optional<String> problem();

  public abstract Optional<SourceLocation> problemLocation();

  /** Whether the text is ComfyUI's UI format ({@code nodes} and {@code links} arrays). */
  @Value.Default
  public boolean uiFormat() {
    return false;
  }

  /** File name, for messages. */
  @Value.Default
  public String file() {
    return "workflow.json";
  }

  public Optional<SourceLocation> location(String node) {
    return Optional.ofNullable(locations().get(node));
  }

  public Optional<SourceLocation> location(String node, String input) {
    return Optional.ofNullable(locations().get(node + ".inputs." + input)).or(() -> location(node));
  }

  public static ImmutableParsedWorkflow.Builder builder() {
    return ImmutableParsedWorkflow.builder();
  }
}
