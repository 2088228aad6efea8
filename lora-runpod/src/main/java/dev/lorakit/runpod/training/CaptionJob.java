package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.runpod.internal.Json;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An ai-toolkit captioning job ({@code job_type: caption}) as the UI builds it: {@code
 * {"job":"extension","config":{"name":..., "process":[{"type":"Qwen3VLCaptioner",
 * "caption":{...}}]}}} ({@code ui/src/helpers/captionJobConfig.ts} l.5-34 at 27a03a91). The
 * extension reads the {@code caption} keys in {@code
 * extensions_built_in/captioner/BaseCaptioner.py} {@code CaptionConfig} l.22-56 and refuses a
 * config without {@code model_name_or_path}, {@code extensions} or {@code path_to_caption}
 * (l.25-33); it captions every file under {@code path_to_caption} whose name ends in one of the
 * extensions (recursively, skipping {@code _controls} and hidden folders, l.167-200) and writes
 * {@code <stem>.<caption_extension>} beside each image (l.151-158).
 *
 * <pre>{@code
 * CaptionJob job = CaptionJob.builder().captioner(CaptionJob.Captioner.QWEN3_VL).build();
 * ObjectNode config = job.jobConfig("lorakit-captions-maya", "/app/ai-toolkit/datasets");
 * }</pre>
 */
@Value.Immutable
public abstract class CaptionJob {
  /** The image captioners of the UI ({@code ui/src/helpers/captionOptions.ts} at 27a03a91). */
  public enum Captioner {
    /** Qwen3-VL (l.97-123): {@code Qwen/Qwen3-VL-8B-Instruct}, 128 new tokens. */
    QWEN3_VL,
    /**
     * Qwen3-Omni, the UI's default captioner ({@code captionJobConfig.ts} l.11-29): {@code
     * ai-toolkit/Qwen3-Omni-30B-A3B-Thinking} quantised to {@code convrot8}, 512 new tokens.
     */
    QWEN3_OMNI;

    /** The process {@code type}, the extension's {@code uid} ({@code captioner/__init__.py}). */
    public String processType() {
      return switch (this) {
        case QWEN3_VL -> "Qwen3VLCaptioner";
        case QWEN3_OMNI -> "Qwen3OmniCaptioner";
      };
    }

    /** The UI's default {@code model_name_or_path} for this captioner. */
    public String defaultModel() {
      return switch (this) {
        case QWEN3_VL -> "Qwen/Qwen3-VL-8B-Instruct";
        case QWEN3_OMNI -> "ai-toolkit/Qwen3-Omni-30B-A3B-Thinking";
      };
    }

    /** The UI's default {@code max_new_tokens}. */
    public int defaultMaxNewTokens() {
      return switch (this) {
        case QWEN3_VL -> 128;
        case QWEN3_OMNI -> 512;
      };
    }

    /** Whether the UI quantises the model by default ({@code quantize}, {@code qtype}). */
    public boolean quantizedByDefault() {
      return switch (this) {
        case QWEN3_VL -> false;
        case QWEN3_OMNI -> true;
      };
    }
  }

  /** The UI's image prompt ({@code captionOptions.ts} l.29, its spelling kept). */
  public static final String DEFAULT_IMAGE_PROMPT =
      "Caption this image as if you were going to try to generate it with an image generator. Be"
          + " thurough and describe everything in the image. Be decisive by stating things as they"
          + " are. Do not say things like \"It appears that\" Or \"possibly\". Start out with things"
          + " like \"A person on the beach\" or \"A black dragon\". No preamble. Just get to the"
          + " point.";

  /** The image extensions of the UI ({@code captionOptions.ts} l.24). */
  public static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "webp");

  @Value.Default
  public Captioner captioner() {
    return Captioner.QWEN3_VL;
  }

  /** A Hugging Face repository or a path on the pod; the captioner's default when absent. */
  public abstract Optional<String> model();

  @Value.Default
  public String prompt() {
    return DEFAULT_IMAGE_PROMPT;
  }

  /** Images are scaled down to at most this many pixels squared before captioning (l.139-149). */
  @Value.Default
  public int maxRes() {
    return 512;
  }

  public abstract Optional<Integer> maxNewTokens();

  /** Re-caption files that already have a non-empty caption ({@code recaption}, l.182-198). */
  @Value.Default
  public boolean recaption() {
    return false;
  }

  @Value.Check
  protected void check() {
    if (maxRes() < 64) {
      throw new IllegalArgumentException("maxRes must be at least 64, was " + maxRes());
    }
    if (maxNewTokens().isPresent() && maxNewTokens().get() < 1) {
      throw new IllegalArgumentException("maxNewTokens must be positive");
    }
    if (prompt().isBlank()) {
      throw new IllegalArgumentException("prompt is blank");
    }
  }

  /** The job config for {@code POST /api/jobs}, captioning every image under {@code path}. */
  public ObjectNode jobConfig(String name, String path) {
    ObjectNode root = Json.mapper().createObjectNode().put("job", "extension");
    ObjectNode config = root.putObject("config").put("name", name);
    ObjectNode process = config.putArray("process").addObject();
    process
        .put("type", captioner().processType())
        // the worker overwrites sqlite_db_path with its own (ui/cron/actions/startJob.ts l.219)
        .put("sqlite_db_path", "./aitk_db.db")
        .put("device", "cuda");
    ObjectNode caption = process.putObject("caption");
    caption.put("model_name_or_path", model().orElse(captioner().defaultModel()));
    caption.put("dtype", "bf16");
    caption.put("quantize", captioner().quantizedByDefault());
    caption.put("qtype", "convrot8");
    caption.put("low_vram", false);
    ArrayNode ext = caption.putArray("extensions");
    IMAGE_EXTENSIONS.forEach(ext::add);
    caption.put("path_to_caption", path);
    caption.put("recaption", recaption());
    caption.put("caption_extension", "txt");
    caption.put("caption_prompt", prompt());
    caption.put("max_res", maxRes());
    caption.put("max_new_tokens", maxNewTokens().orElse(captioner().defaultMaxNewTokens()));
    caption.put("batch_size", 1);
    return root;
  }

  public static ImmutableCaptionJob.Builder builder() {
    return ImmutableCaptionJob.builder();
  }
}
