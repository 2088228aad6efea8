package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.Dtype;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * What a LoRA file is, from its header: key family, trainer, base model, rank, alpha, scale,
 * modules and their coverage of Qwen-Image, size, dtypes, metadata, training step and epoch, and
 * warnings for keys ComfyUI would not load. Every accessor returns a plain value (numbers, strings,
 * enums, lists, maps) so the report serialises directly to JSON.
 *
 * <pre>{@code
 * CheckpointReport r = LoraInspector.inspect(Path.of("maya_000000340.safetensors"));
 * r.format(); // PEFT
 * r.rank();   // OptionalInt[16]
 * r.alphaSource(); // Optional[DEFAULT_RANK]
 * Checkpoint c = r.toCheckpoint();
 * }</pre>
 */
@Value.Immutable
public abstract class CheckpointReport {

  /** The file name as given (path with {@code /} separators). */
  public abstract String file();

  public abstract long sizeBytes();

  /** N: bytes of the JSON header. */
  public abstract long headerBytes();

  /** The key family of most modules. */
  public abstract CheckpointFormat format();

  public abstract Trainer trainer();

  /**
   * The base-model id as trainers write it: {@code qwen_image}, {@code qwen_image_edit}, {@code
   * qwen_image_edit_plus}, or another {@code ss_base_model_version} / {@code modelspec} value.
   */
  public abstract Optional<String> baseModel();

  public abstract Optional<BaseModelSource> baseModelSource();

  /** The lorakit base models this file can belong to; several when the evidence is ambiguous. */
  public abstract List<BaseModel> candidateBaseModels();

  /** The rank when every module has the same one. */
  public abstract OptionalInt rank();

  /** Number of modules per rank; more than one entry means mixed ranks. */
  public abstract Map<Integer, Integer> ranks();

  /** The alpha when every module has the same one. */
  public abstract OptionalDouble alpha();

  /** Where the alpha comes from, when every module agrees. */
  public abstract Optional<AlphaSource> alphaSource();

  /** alpha / rank when uniform. */
  public abstract OptionalDouble scale();

  public abstract List<LoraModule> modules();

  /** Number of modules. */
  @Value.Derived
  public int moduleCount() {
    return modules().size();
  }

  public abstract QwenCoverage coverage();

  /** Number of tensors in the file. */
  public abstract int tensors();

  /** Elements of all weight tensors ({@code .alpha} scalars excluded). */
  public abstract long parameters();

  /** Number of tensors per dtype. */
  public abstract Map<Dtype, Integer> dtypes();

  /** The {@code __metadata__} map. */
  public abstract Map<String, String> metadata();

  /** Step from ai-toolkit's {@code training_info}, {@code ss_steps}, or the file name. */
  public abstract OptionalInt step();

  /** Epoch from ai-toolkit's {@code training_info}, {@code ss_epoch}, or a kohya file name. */
  public abstract OptionalInt epoch();

  /** Whether the file name has no step or epoch suffix, as a trainer's final save. */
  public abstract boolean isFinal();

  /** Tensor keys that are not part of any known LoRA module. */
  public abstract List<String> unrecognizedKeys();

  /**
   * What ComfyUI's LoraLoaderModelOnly does with the file on a Qwen model: weights patched, keys
   * ignored and why, whether the node fails, the strength scale.
   */
  public abstract ComfyUiLoad comfyUi();

  /** Problems found: keys ComfyUI would not load, mismatched shapes, mixed families. */
  public abstract List<Violation> warnings();

  /** The report as the core {@link Checkpoint} value. */
  public Checkpoint toCheckpoint() {
    return Checkpoint.builder()
        .file(file())
        .step(step())
        .epoch(epoch())
        .format(format())
        .rank(rank())
        .alpha(alpha())
        .sizeBytes(sizeBytes())
        .metadata(metadata())
        .isFinal(isFinal())
        .build();
  }

  public static ImmutableCheckpointReport.Builder builder() {
    return ImmutableCheckpointReport.builder();
  }
}
