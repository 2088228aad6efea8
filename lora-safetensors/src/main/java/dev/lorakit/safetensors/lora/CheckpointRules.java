package dev.lorakit.safetensors.lora;

import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.List;

/** The catalogue entries of the warnings {@link LoraInspector} reports on a checkpoint file. */
public final class CheckpointRules {
  private static final String SOURCE = "safetensors-lora.md §2, §5";

  private CheckpointRules() {}

  /** A checkpoint file as the inspector read it. */
  public static final Subject<CheckpointReport> CHECKPOINT =
      Subject.of("checkpoint", 40, "Checkpoint file rules", CheckpointReport.class);

  private static final List<RuleDescriptor> DESCRIPTORS = declare();

  /** Every rule id {@link CheckpointReport#warnings()} can carry. */
  public static List<RuleDescriptor> descriptors() {
    return DESCRIPTORS;
  }

  /** The descriptor of one of these rules. */
  static RuleDescriptor byId(String id) {
    return DESCRIPTORS.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a checkpoint rule: " + id));
  }

  private static List<RuleDescriptor> declare() {
    return List.of(
        d(
            "checkpoint.unrecognized-key",
            Severity.WARNING,
            "tensor keys match no LoRA weight suffix",
            "ComfyUI logs 'lora key not loaded' for each and ignores them",
            "remove the keys or convert the file"),
        d(
            "checkpoint.orphan-alpha",
            Severity.WARNING,
            "alpha or scale tensors without the weights of their module",
            "ComfyUI does not load them; the file was cut or mis-converted",
            "remove them or re-export the LoRA"),
        d(
            "checkpoint.mixed-formats",
            Severity.WARNING,
            "modules use several key families (PEFT, kohya, LyCORIS)",
            "loaders pick one family; the rest is silently ignored",
            "convert every module to one family with LoraConverter"),
        d(
            "checkpoint.incomplete-module",
            Severity.WARNING,
            "a module lacks its down (lora_A) or up (lora_B) weight",
            "ComfyUI skips such modules",
            "re-export the LoRA from the trainer"),
        d(
            "checkpoint.rank-mismatch",
            Severity.WARNING,
            "a module's up and down weights disagree on the rank",
            "the file is corrupt or mis-converted and cannot be applied",
            "re-export the LoRA"),
        d(
            "checkpoint.shape-mismatch",
            Severity.WARNING,
            "a module's shapes do not match the Qwen-Image layer it names",
            "the LoRA was trained for another model or the keys are mapped wrongly",
            "check the base model; convert with the right mapping"),
        d(
            "checkpoint.kohya-without-alpha",
            Severity.INFO,
            "kohya modules without .alpha tensors",
            "loaders then assume alpha = rank; diffusers' Qwen loader requires alpha",
            "add alpha tensors (LoraConverter.toKohya writes them)"),
        d(
            "checkpoint.comfyui-unmapped-module",
            Severity.WARNING,
            "a module name ComfyUI's Qwen-Image key map does not know",
            "ComfyUI logs 'lora key not loaded' and the module has no effect",
            "convert with LoraConverter.toPeft or toKohya"),
        d(
            "checkpoint.alpha-from-metadata",
            Severity.WARNING,
            "alpha is given only in metadata",
            "ComfyUI ignores metadata alpha and applies scale 1 instead",
            "write alpha tensors, or fold the scale into the weights"));
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(CHECKPOINT)
        .what(what)
        .why(why)
        .fix(fix)
        .source(SOURCE)
        .build();
  }
}
