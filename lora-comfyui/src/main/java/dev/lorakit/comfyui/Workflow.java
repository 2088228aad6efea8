package dev.lorakit.comfyui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A ComfyUI API-format workflow: node ids to nodes, the {@code prompt} of a {@code POST /prompt}
 * body. Write it with {@link WorkflowJson}; check it with {@link PromptValidator}.
 *
 * <pre>{@code
 * Workflow w = QwenWorkflows.grid(GridSpec.forProject(project), plan.evaluation()).get(0).workflow();
 * w.nodesOf("KSampler").get(0).input("seed"); // 42
 * String body = WorkflowJson.promptBody(w); // {"prompt": {...}}
 * }</pre>
 */
@Value.Immutable
public abstract class Workflow {
  /** Nodes by id, in file order. */
  public abstract Map<String, WorkflowNode> nodes();

  public Optional<WorkflowNode> node(String id) {
    return Optional.ofNullable(nodes().get(id));
  }

  /** Every node of a class, in order. */
  public List<WorkflowNode> nodesOf(String classType) {
    List<WorkflowNode> out = new ArrayList<>();
    for (WorkflowNode n : nodes().values()) {
      if (n.classType().filter(classType::equals).isPresent()) {
        out.add(n);
      }
    }
    return out;
  }

  public static ImmutableWorkflow.Builder builder() {
    return ImmutableWorkflow.builder();
  }

  @Value.Check
  protected void check() {
    nodes()
        .forEach(
            (id, n) -> {
              if (!id.equals(n.id())) {
                throw new IllegalStateException("node " + n.id() + " is filed under id " + id);
              }
            });
  }
}
