package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits tensor keys into module name and role, and resolves module names to Qwen layers. */
final class LoraKeys {

  private LoraKeys() {}

  enum Role {
    DOWN,
    UP,
    MID,
    ALPHA,
    EXTRA,
    HADA_W1_A,
    HADA_W1_B,
    HADA_W2_A,
    HADA_W2_B,
    HADA_T,
    LOKR_W1,
    LOKR_W1_A,
    LOKR_W1_B,
    LOKR_W2,
    LOKR_W2_A,
    LOKR_W2_B,
    LOKR_T2
  }

  /** A suffix, the role of the tensor it ends, and its family (null for alpha and DoRA scale). */
  record Suffix(String text, Role role, CheckpointFormat format) {}

  record Key(String module, Suffix suffix) {}

  /** Longest first where one suffix ends another. */
  private static final List<Suffix> SUFFIXES =
      List.of(
          new Suffix(".lora_A.default.weight", Role.DOWN, CheckpointFormat.PEFT),
          new Suffix(".lora_B.default.weight", Role.UP, CheckpointFormat.PEFT),
          new Suffix(".lora_A.weight", Role.DOWN, CheckpointFormat.PEFT),
          new Suffix(".lora_B.weight", Role.UP, CheckpointFormat.PEFT),
          new Suffix(".lora_B.bias", Role.EXTRA, CheckpointFormat.PEFT),
          new Suffix(".lora_magnitude_vector", Role.EXTRA, CheckpointFormat.PEFT),
          new Suffix(".lora_A", Role.DOWN, CheckpointFormat.PEFT),
          new Suffix(".lora_B", Role.UP, CheckpointFormat.PEFT),
          new Suffix(".lora_down.weight", Role.DOWN, CheckpointFormat.KOHYA),
          new Suffix(".lora_up.weight", Role.UP, CheckpointFormat.KOHYA),
          new Suffix(".lora_mid.weight", Role.MID, CheckpointFormat.KOHYA),
          new Suffix(".lora_linear_layer.down.weight", Role.DOWN, CheckpointFormat.DIFFUSERS),
          new Suffix(".lora_linear_layer.up.weight", Role.UP, CheckpointFormat.DIFFUSERS),
          new Suffix("_lora.down.weight", Role.DOWN, CheckpointFormat.DIFFUSERS),
          new Suffix("_lora.up.weight", Role.UP, CheckpointFormat.DIFFUSERS),
          new Suffix(".lora.down.weight", Role.DOWN, CheckpointFormat.DIFFUSERS),
          new Suffix(".lora.up.weight", Role.UP, CheckpointFormat.DIFFUSERS),
          new Suffix(".hada_w1_a", Role.HADA_W1_A, CheckpointFormat.LOHA),
          new Suffix(".hada_w1_b", Role.HADA_W1_B, CheckpointFormat.LOHA),
          new Suffix(".hada_w2_a", Role.HADA_W2_A, CheckpointFormat.LOHA),
          new Suffix(".hada_w2_b", Role.HADA_W2_B, CheckpointFormat.LOHA),
          new Suffix(".hada_t1", Role.HADA_T, CheckpointFormat.LOHA),
          new Suffix(".hada_t2", Role.HADA_T, CheckpointFormat.LOHA),
          new Suffix(".lokr_w1_a", Role.LOKR_W1_A, CheckpointFormat.LOKR),
          new Suffix(".lokr_w1_b", Role.LOKR_W1_B, CheckpointFormat.LOKR),
          new Suffix(".lokr_w2_a", Role.LOKR_W2_A, CheckpointFormat.LOKR),
          new Suffix(".lokr_w2_b", Role.LOKR_W2_B, CheckpointFormat.LOKR),
          new Suffix(".lokr_w1", Role.LOKR_W1, CheckpointFormat.LOKR),
          new Suffix(".lokr_w2", Role.LOKR_W2, CheckpointFormat.LOKR),
          new Suffix(".lokr_t2", Role.LOKR_T2, CheckpointFormat.LOKR),
          new Suffix(".alpha", Role.ALPHA, null),
          new Suffix(".dora_scale", Role.EXTRA, null));

  static Optional<Key> parse(String tensorName) {
    for (Suffix s : SUFFIXES) {
      if (tensorName.endsWith(s.text()) && tensorName.length() > s.text().length()) {
        return Optional.of(
            new Key(tensorName.substring(0, tensorName.length() - s.text().length()), s));
      }
    }
    return Optional.empty();
  }

  /**
   * Prefixes trainers put before the model path; dotted ones keep dots, the others use _. Only for
   * locating the Qwen layer of a module; what ComfyUI loads is {@link ComfyUiReplay}'s business.
   */
  enum Prefix {
    BASE_MODEL_MODEL("base_model.model.", true),
    DIFFUSION_MODEL("diffusion_model.", true),
    TRANSFORMER("transformer.", true),
    LORA_UNET("lora_unet_", false),
    LYCORIS("lycoris_", false),
    LORA_TRANSFORMER("lora_transformer_", false),
    NONE("", true);

    final String text;
    final boolean dotted;

    Prefix(String text, boolean dotted) {
      this.text = text;
      this.dotted = dotted;
    }
  }

  /** A module name resolved against Qwen-Image. */
  record Resolved(Prefix prefix, String path, OptionalInt block, Optional<QwenLayer> layer) {}

  private static final Pattern DOTTED_BLOCK =
      Pattern.compile("transformer_blocks\\.(\\d{1,3})\\.(.+)");
  private static final Pattern KOHYA_BLOCK = Pattern.compile("transformer_blocks_(\\d{1,3})_(.+)");

  static Resolved resolve(String module) {
    Prefix prefix = Prefix.NONE;
    String rest = module;
    for (Prefix p : Prefix.values()) {
      if (p != Prefix.NONE && module.startsWith(p.text)) {
        prefix = p;
        rest = module.substring(p.text.length());
        break;
      }
    }
    if (prefix == Prefix.TRANSFORMER && rest.startsWith("transformer_blocks_")) {
      // "transformer_blocks_0_..." without a prefix starts with "transformer".
      prefix = Prefix.NONE;
      rest = module;
    }
    Matcher dotted = DOTTED_BLOCK.matcher(rest);
    if (dotted.matches()) {
      Optional<QwenLayer> layer =
          QwenLayer.fromPath(dotted.group(2)).filter(QwenLayer::isBlockLayer);
      int block = Integer.parseInt(dotted.group(1));
      if (prefix.dotted && layer.isPresent() && block < QwenLayer.BLOCKS) {
        return new Resolved(prefix, layer.get().modulePath(block), OptionalInt.of(block), layer);
      }
      return new Resolved(prefix, rest, OptionalInt.of(block), Optional.empty());
    }
    Matcher kohya = KOHYA_BLOCK.matcher(rest);
    if (kohya.matches()) {
      Optional<QwenLayer> layer =
          QwenLayer.fromKohyaName(kohya.group(2)).filter(QwenLayer::isBlockLayer);
      int block = Integer.parseInt(kohya.group(1));
      if (!prefix.dotted && layer.isPresent() && block < QwenLayer.BLOCKS) {
        return new Resolved(prefix, layer.get().modulePath(block), OptionalInt.of(block), layer);
      }
      return new Resolved(prefix, rest, OptionalInt.of(block), Optional.empty());
    }
    Optional<QwenLayer> top =
        (prefix.dotted ? QwenLayer.fromPath(rest) : QwenLayer.fromKohyaName(rest))
            .filter(l -> !l.isBlockLayer());
    if (top.isPresent()) {
      return new Resolved(prefix, top.get().path(), OptionalInt.empty(), top);
    }
    return new Resolved(prefix, rest, OptionalInt.empty(), Optional.empty());
  }
}
