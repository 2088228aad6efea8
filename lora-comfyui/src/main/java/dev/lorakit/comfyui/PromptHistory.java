package dev.lorakit.comfyui;

import java.util.List;
import org.immutables.value.Value;

/**
 * A finished prompt as {@code GET /history/{id}} reports it: whether it completed, ComfyUI's status
 * string, and the images its output nodes saved (by node id order).
 *
 * <pre>{@code
 * PromptHistory h = client.await(queued.promptId(), Duration.ofHours(1));
 * h.images().get(0).filename();
 * }</pre>
 */
@Value.Immutable
public abstract class PromptHistory {
  public abstract String promptId();

  public abstract boolean completed();

  /** {@code success} or {@code error}. */
  public abstract String status();

  public abstract List<ImageRef> images();

  public static ImmutablePromptHistory.Builder builder() {
    return ImmutablePromptHistory.builder();
  }
}
