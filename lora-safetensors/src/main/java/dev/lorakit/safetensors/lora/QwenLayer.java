package dev.lorakit.safetensors.lora;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linear layers of the Qwen-Image transformer (20B MMDiT, hidden 3072) that a LoRA can target:
 * the 14 per-block layers of {@code transformer_blocks.{0..59}} and the 6 top-level ones. Shapes
 * are those of diffusers' {@code QwenImageTransformer2DModel}, shared by Qwen-Image, -Edit and
 * -Edit-2509.
 *
 * <pre>{@code
 * QwenLayer.fromPath("img_mlp.net.0.proj").orElseThrow().outFeatures(); // 12288
 * }</pre>
 */
public enum QwenLayer {
  ATTN_TO_Q("attn.to_q", Group.ATTENTION_IMAGE, 3072, 3072),
  ATTN_TO_K("attn.to_k", Group.ATTENTION_IMAGE, 3072, 3072),
  ATTN_TO_V("attn.to_v", Group.ATTENTION_IMAGE, 3072, 3072),
  ATTN_TO_OUT("attn.to_out.0", Group.ATTENTION_IMAGE, 3072, 3072),
  ATTN_ADD_Q_PROJ("attn.add_q_proj", Group.ATTENTION_TEXT, 3072, 3072),
  ATTN_ADD_K_PROJ("attn.add_k_proj", Group.ATTENTION_TEXT, 3072, 3072),
  ATTN_ADD_V_PROJ("attn.add_v_proj", Group.ATTENTION_TEXT, 3072, 3072),
  ATTN_TO_ADD_OUT("attn.to_add_out", Group.ATTENTION_TEXT, 3072, 3072),
  IMG_MLP_IN("img_mlp.net.0.proj", Group.MLP_IMAGE, 3072, 12288),
  IMG_MLP_OUT("img_mlp.net.2", Group.MLP_IMAGE, 12288, 3072),
  TXT_MLP_IN("txt_mlp.net.0.proj", Group.MLP_TEXT, 3072, 12288),
  TXT_MLP_OUT("txt_mlp.net.2", Group.MLP_TEXT, 12288, 3072),
  IMG_MOD("img_mod.1", Group.MODULATION, 3072, 18432),
  TXT_MOD("txt_mod.1", Group.MODULATION, 3072, 18432),
  IMG_IN("img_in", Group.TOP_LEVEL, 64, 3072),
  TXT_IN("txt_in", Group.TOP_LEVEL, 3584, 3072),
  TIMESTEP_LINEAR_1("time_text_embed.timestep_embedder.linear_1", Group.TOP_LEVEL, 256, 3072),
  TIMESTEP_LINEAR_2("time_text_embed.timestep_embedder.linear_2", Group.TOP_LEVEL, 3072, 3072),
  NORM_OUT_LINEAR("norm_out.linear", Group.TOP_LEVEL, 3072, 6144),
  PROJ_OUT("proj_out", Group.TOP_LEVEL, 3072, 64);

  /** Transformer blocks in Qwen-Image. */
  public static final int BLOCKS = 60;

  /** Hidden size of the transformer. */
  public static final int HIDDEN = 3072;

  /** Where a layer sits, for grouping statistics. */
  public enum Group {
    ATTENTION_IMAGE,
    ATTENTION_TEXT,
    MLP_IMAGE,
    MLP_TEXT,
    MODULATION,
    TOP_LEVEL
  }

  private static final Map<String, QwenLayer> BY_PATH = new HashMap<>();
  private static final Map<String, QwenLayer> BY_KOHYA = new HashMap<>();
  private static final List<QwenLayer> BLOCK_LAYERS;

  static {
    List<QwenLayer> block = new ArrayList<>();
    for (QwenLayer l : values()) {
      BY_PATH.put(l.path, l);
      BY_KOHYA.put(l.kohyaName(), l);
      if (l.isBlockLayer()) {
        block.add(l);
      }
    }
    BLOCK_LAYERS = Collections.unmodifiableList(block);
  }

  private final String path;
  private final Group group;
  private final int inFeatures;
  private final int outFeatures;

  QwenLayer(String path, Group group, int inFeatures, int outFeatures) {
    this.path = path;
    this.group = group;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
  }

  /** Dotted module path inside a block (or from the model root for top-level layers). */
  public String path() {
    return path;
  }

  /** The kohya form: dots replaced by underscores. */
  public String kohyaName() {
    return path.replace('.', '_');
  }

  public Group group() {
    return group;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  /** Whether this layer repeats in each of the 60 transformer blocks. */
  public boolean isBlockLayer() {
    return group != Group.TOP_LEVEL;
  }

  /** The 14 layers of one transformer block, in block order. */
  public static List<QwenLayer> blockLayers() {
    return BLOCK_LAYERS;
  }

  /** The full dotted module path, such as {@code transformer_blocks.3.attn.to_q}. */
  public String modulePath(int block) {
    return isBlockLayer() ? "transformer_blocks." + block + "." + path : path;
  }

  public static Optional<QwenLayer> fromPath(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  public static Optional<QwenLayer> fromKohyaName(String name) {
    return Optional.ofNullable(BY_KOHYA.get(name));
  }
}
