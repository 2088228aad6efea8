package dev.lorakit.safetensors.lora;

import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.List;

/**
 * The catalogue entries of what {@link LoraInspector} reports on a checkpoint file. Most of them
 * come from the replay of ComfyUI's LoRA loader ({@link ComfyUiLoad}): an ERROR where ComfyUI's
 * LoRA node raises, a WARNING where it loads the file only in part, nothing where it loads it
 * fully.
 *
 * <pre>{@code
 * report.warnings().stream()
 *     .filter(v -> v.ruleId().equals(CheckpointRules.UP_WITHOUT_DOWN.id()))
 *     .findFirst(); // the LoRA node would fail with a KeyError
 * }</pre>
 */
public final class CheckpointRules {
  private static final String LOADER =
      "comfyui.md §2 (Comfy-Org/ComfyUI a125cd8 comfy/lora.py load_lora, comfy/weight_adapter)";
  private static final String KEY_MAP =
      "comfyui.md §2 (Comfy-Org/ComfyUI a125cd8 comfy/lora.py model_lora_keys_unet)";
  private static final String FILES = "safetensors-lora.md §2, §5";

  private CheckpointRules() {}

  /** A checkpoint file as the inspector read it. */
  public static final Subject<CheckpointReport> CHECKPOINT =
      Subject.of("checkpoint", 40, "Checkpoint file rules", CheckpointReport.class);

  /** A key under a name ComfyUI maps whose suffix no ComfyUI weight adapter reads. */
  public static final RuleDescriptor UNRECOGNIZED_KEY =
      d(
          "checkpoint.unrecognized-key",
          Severity.WARNING,
          "tensor keys with a suffix no ComfyUI weight adapter reads",
          "ComfyUI logs 'lora key not loaded' for each and ignores them",
          "remove the keys or convert the file",
          LOADER);

  /** {@code .alpha}/{@code .dora_scale} without weights of their module. */
  public static final RuleDescriptor ORPHAN_ALPHA =
      d(
          "checkpoint.orphan-alpha",
          Severity.INFO,
          "alpha or dora_scale tensors without the weights of their module",
          "ComfyUI reads .alpha and .dora_scale of every mapped name, so they are consumed without"
              + " a log and change nothing; the file was probably cut or mis-converted",
          "remove them or re-export the LoRA",
          LOADER);

  /** Several key families in one file; only informative, ComfyUI resolves modules one by one. */
  public static final RuleDescriptor MIXED_FORMATS =
      d(
          "checkpoint.mixed-formats",
          Severity.INFO,
          "modules use several key families (PEFT, kohya, LyCORIS)",
          "ComfyUI resolves each module name on its own, so distinct modules in different families"
              + " all load; other loaders (diffusers) pick one family",
          "convert every module to one family with lorakit convert",
          LOADER);

  /** A down weight without its up: ComfyUI never reads it. */
  public static final RuleDescriptor INCOMPLETE_MODULE =
      d(
          "checkpoint.incomplete-module",
          Severity.WARNING,
          "a module has its down (lora_A/lora_down) weight but not its up weight",
          "ComfyUI looks a LoRA module up by its up weight, so the down weight is 'not loaded'"
              + " and the module has no effect",
          "re-export the LoRA from the trainer",
          LOADER);

  /** An up weight without its down: {@code load_lora} raises KeyError. */
  public static final RuleDescriptor UP_WITHOUT_DOWN =
      d(
          "checkpoint.up-without-down",
          Severity.ERROR,
          "a module has its up (lora_B/lora_up) weight but not its down weight",
          "ComfyUI's LoRA adapter reads the down weight unconditionally (KeyError), so the LoRA"
              + " node fails and the whole prompt stops",
          "re-export the LoRA, or remove the up weights of the incomplete modules",
          LOADER);

  /** A LoHa or GLoRA module without one of the tensors its adapter reads. */
  public static final RuleDescriptor INCOMPLETE_LYCORIS =
      d(
          "checkpoint.incomplete-lycoris",
          Severity.ERROR,
          "a LoHa or GLoRA module lacks a tensor its ComfyUI adapter reads",
          "ComfyUI reads hada_w1_b/w2_a/w2_b (and hada_t2 with hada_t1), or a2/b1/b2 with a1,"
              + " unconditionally (KeyError), so the LoRA node fails",
          "re-export the LyCORIS file",
          LOADER);

  /** An {@code .alpha} with other than one element: {@code .item()} raises. */
  public static final RuleDescriptor ALPHA_NOT_SCALAR =
      d(
          "checkpoint.alpha-not-scalar",
          Severity.ERROR,
          "an .alpha tensor does not hold exactly one element",
          "ComfyUI reads alpha with tensor.item(), which raises for any other element count, so"
              + " the LoRA node fails",
          "write alpha as a 0-dim scalar tensor",
          LOADER);

  /** Up and down disagree on the rank: ComfyUI logs an error and skips the patch. */
  public static final RuleDescriptor RANK_MISMATCH =
      d(
          "checkpoint.rank-mismatch",
          Severity.WARNING,
          "a module's up and down weights disagree on the rank",
          "the matrix product fails when ComfyUI patches the weight: it logs 'ERROR lora' and"
              + " leaves the weight unchanged",
          "re-export the LoRA",
          LOADER);

  /** The patch does not fit the model weight it maps to. */
  public static final RuleDescriptor SHAPE_MISMATCH =
      d(
          "checkpoint.shape-mismatch",
          Severity.WARNING,
          "a module's shapes do not match the Qwen-Image weight its name maps to",
          "ComfyUI logs 'ERROR lora' or 'WEIGHT NOT MERGED' when it patches the weight and leaves"
              + " it unchanged; the LoRA was trained for another model or mapped wrongly",
          "check the base model; convert with the right mapping",
          LOADER);

  /** kohya modules without alpha tensors: fine for ComfyUI, not for diffusers. */
  public static final RuleDescriptor KOHYA_WITHOUT_ALPHA =
      d(
          "checkpoint.kohya-without-alpha",
          Severity.INFO,
          "kohya modules without .alpha tensors",
          "ComfyUI and sd-scripts then use scale 1; diffusers' Qwen loader requires alpha",
          "add alpha tensors (lorakit convert --to kohya writes them)",
          FILES);

  /** Module names ComfyUI's Qwen-Image key map does not contain. */
  public static final RuleDescriptor COMFYUI_UNMAPPED_MODULE =
      d(
          "checkpoint.comfyui-unmapped-module",
          Severity.WARNING,
          "a module name ComfyUI's Qwen-Image key map does not contain",
          "ComfyUI maps lora_unet_<path_>, diffusion_model.<path>, <path>, transformer.<path> and"
              + " lycoris_<path_> of each model weight only; other names are 'not loaded'",
          "convert with lorakit convert --to peft (diffusion_model.<module>) or --to kohya"
              + " (lora_unet_<module>)",
          KEY_MAP);

  /** Alpha in metadata only: ComfyUI applies scale 1, diffusers alpha / rank. */
  public static final RuleDescriptor ALPHA_FROM_METADATA =
      d(
          "checkpoint.alpha-from-metadata",
          Severity.INFO,
          "alpha is given only in metadata",
          "ComfyUI reads alpha from .alpha tensors only and applies scale 1, while diffusers"
              + " applies the metadata alpha / rank: the same strength differs between tools",
          "write alpha tensors (lorakit convert --to kohya), or fold the scale into the weights",
          LOADER);

  /** Nothing in the file patches a Qwen-Image weight. */
  public static final RuleDescriptor COMFYUI_NOTHING_LOADS =
      d(
          "checkpoint.comfyui-nothing-loads",
          Severity.WARNING,
          "no key of the file patches a Qwen-Image weight in ComfyUI",
          "ComfyUI's LoRA node runs without an error but changes nothing: every key is 'not"
              + " loaded'",
          "check that the LoRA is for Qwen-Image and convert it with lorakit convert",
          KEY_MAP);

  /** Two names patch the same weight; ComfyUI keeps the later one without a log. */
  public static final RuleDescriptor SHADOWED_MODULE =
      d(
          "checkpoint.shadowed-module",
          Severity.WARNING,
          "two module names (or two adapters) patch the same Qwen-Image weight",
          "ComfyUI keeps the patch it reads last in its key-map order and discards the other"
              + " without a log",
          "keep one name per weight; convert the file to one key family",
          LOADER);

  /** PEFT DoRA magnitude vectors, which ComfyUI does not read. */
  public static final RuleDescriptor DORA_MAGNITUDE_DROPPED =
      d(
          "checkpoint.dora-magnitude-dropped",
          Severity.WARNING,
          "PEFT DoRA .lora_magnitude_vector tensors",
          "ComfyUI reads DoRA magnitude only as <module>.dora_scale, so the magnitude is 'not"
              + " loaded' and the DoRA runs as a plain LoRA",
          "rename <module>.lora_magnitude_vector to <module>.dora_scale, or train without DoRA",
          LOADER);

  /** PEFT {@code lora_B.bias}, which ComfyUI does not read. */
  public static final RuleDescriptor LORA_BIAS_DROPPED =
      d(
          "checkpoint.lora-bias-dropped",
          Severity.WARNING,
          "PEFT .lora_B.bias tensors (LoRA with lora_bias)",
          "ComfyUI reads a bias delta only as <module>.diff_b, so the bias is 'not loaded' and"
              + " its change is lost",
          "rename <module>.lora_B.bias to <module>.diff_b, or train without lora_bias",
          LOADER);

  /** A patch on a key the model does not have (ComfyUI's 'NOT LOADED'). */
  public static final RuleDescriptor PATCH_TARGET_MISSING =
      d(
          "checkpoint.patch-target-missing",
          Severity.WARNING,
          "a patch targets a key the Qwen-Image model does not have",
          "ComfyUI's add_patches skips it and logs 'NOT LOADED' (a .diff_b or .b_norm under a"
              + " name that maps to a bias)",
          "put bias deltas under the weight's name: <module>.diff_b",
          LOADER);

  private static final List<RuleDescriptor> DESCRIPTORS =
      List.of(
          UNRECOGNIZED_KEY,
          ORPHAN_ALPHA,
          MIXED_FORMATS,
          INCOMPLETE_MODULE,
          RANK_MISMATCH,
          SHAPE_MISMATCH,
          KOHYA_WITHOUT_ALPHA,
          COMFYUI_UNMAPPED_MODULE,
          ALPHA_FROM_METADATA,
          UP_WITHOUT_DOWN,
          INCOMPLETE_LYCORIS,
          ALPHA_NOT_SCALAR,
          COMFYUI_NOTHING_LOADS,
          SHADOWED_MODULE,
          DORA_MAGNITUDE_DROPPED,
          LORA_BIAS_DROPPED,
          PATCH_TARGET_MISSING);

  /** Every rule id {@link CheckpointReport#warnings()} can carry. */
  public static List<RuleDescriptor> descriptors() {
    return DESCRIPTORS;
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(CHECKPOINT)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
