package dev.lorakit.safetensors.lora;

import dev.lorakit.core.project.BaseModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoRA key map ComfyUI builds for a Qwen diffusion model with {@code LoraLoaderModelOnly}: LoRA
 * module name to model state-dict key, in ComfyUI's insertion order (which decides which name wins
 * when two patch the same weight).
 *
 * <p>Replayed from Comfy-Org/ComfyUI a125cd8 {@code comfy/lora.py model_lora_keys_unet} (lines
 * 175-316) over the state dict of {@code comfy/ldm/qwen_image/model.py} QwenImageTransformer2DModel
 * (60 blocks x 32 keys + 13 top-level keys = 1933; 1087 of them end in {@code .weight}):
 *
 * <ul>
 *   <li>line 183: {@code lora_unet_<path with _>} for each {@code .weight};
 *   <li>line 184: {@code diffusion_model.<path>} for each {@code .weight};
 *   <li>line 186: every other key maps to itself ({@code diffusion_model.img_in.bias});
 *   <li>line 188: {@code unet_to_diffusers} adds nothing ({@code comfy/utils.py} line 266: no
 *       {@code num_res_blocks});
 *   <li>lines 306-314 (the QwenImage branch): {@code <path>}, {@code transformer.<path>}, {@code
 *       lycoris_<path with _>}.
 * </ul>
 *
 * That is 1087 x 5 + 846 = 6281 names, the count comfyui.md §2 measured with the real function.
 */
final class ComfyUiKeyMap {

  /** The RMSNorm weights of one block's attention ([head dim 128]); no LayerNorm has weights. */
  private static final List<String> BLOCK_NORMS =
      List.of("attn.norm_q", "attn.norm_k", "attn.norm_added_q", "attn.norm_added_k");

  private static final int HEAD_DIM = 128;
  private static final int JOINT_ATTENTION_DIM = 3584;

  private static final Map<BaseModel, ComfyUiKeyMap> CACHE = new EnumMap<>(BaseModel.class);

  private final String modelClass;
  private final Map<String, String> names;
  private final Map<String, List<Long>> shapes;

  private ComfyUiKeyMap(
      String modelClass, Map<String, String> names, Map<String, List<Long>> shapes) {
    this.modelClass = modelClass;
    this.names = Collections.unmodifiableMap(names);
    this.shapes = Collections.unmodifiableMap(shapes);
  }

  /** The key map of a base model (every Qwen release is ComfyUI's {@code QwenImage}). */
  static synchronized ComfyUiKeyMap of(BaseModel model) {
    return CACHE.computeIfAbsent(model, ComfyUiKeyMap::build);
  }

  /** The ComfyUI model class the map was built for. */
  String modelClass() {
    return modelClass;
  }

  /** LoRA module name -> model key, in ComfyUI's order. */
  Map<String, String> names() {
    return names;
  }

  /** Model state-dict keys (with {@code diffusion_model.}) and their shapes. */
  Map<String, List<Long>> stateDict() {
    return shapes;
  }

  private static ComfyUiKeyMap build(BaseModel model) {
    Map<String, List<Long>> sd = stateDict(model);
    Map<String, String> map = new LinkedHashMap<>();
    // comfy/lora.py 179-186: the generic forms for every model.
    for (String k : sd.keySet()) {
      if (k.endsWith(".weight")) {
        String path = k.substring("diffusion_model.".length(), k.length() - ".weight".length());
        map.put("lora_unet_" + path.replace('.', '_'), k);
        map.put(k.substring(0, k.length() - ".weight".length()), k);
      } else {
        map.put(k, k);
      }
    }
    switch (model.comfyUiModelClass()) {
      case "QwenImage" -> {
        // comfy/lora.py 306-314: isinstance(model, comfy.model_base.QwenImage).
        for (String k : sd.keySet()) {
          if (k.endsWith(".weight")) {
            String path = k.substring("diffusion_model.".length(), k.length() - ".weight".length());
            map.put(path, k);
            map.put("transformer." + path, k);
            map.put("lycoris_" + path.replace('.', '_'), k);
          }
        }
      }
      default ->
          throw new IllegalStateException("no ComfyUI key map for " + model.comfyUiModelClass());
    }
    return new ComfyUiKeyMap(model.comfyUiModelClass(), map, sd);
  }

  /**
   * The state dict of ComfyUI's QwenImageTransformer2DModel in module registration order ({@code
   * comfy/ldm/qwen_image/model.py} lines 312-340, blocks 187-213, Attention 106-126).
   */
  private static Map<String, List<Long>> stateDict(BaseModel model) {
    Map<String, List<Long>> sd = new LinkedHashMap<>();
    String p = "diffusion_model.";
    linear(sd, p + "time_text_embed.timestep_embedder.linear_1", QwenLayer.TIMESTEP_LINEAR_1);
    linear(sd, p + "time_text_embed.timestep_embedder.linear_2", QwenLayer.TIMESTEP_LINEAR_2);
    sd.put(p + "txt_norm.weight", List.of((long) JOINT_ATTENTION_DIM));
    linear(sd, p + "img_in", QwenLayer.IMG_IN);
    linear(sd, p + "txt_in", QwenLayer.TXT_IN);
    List<QwenLayer> blockOrder =
        List.of(
            QwenLayer.IMG_MOD,
            QwenLayer.IMG_MLP_IN,
            QwenLayer.IMG_MLP_OUT,
            QwenLayer.TXT_MOD,
            QwenLayer.TXT_MLP_IN,
            QwenLayer.TXT_MLP_OUT);
    List<QwenLayer> attention =
        List.of(
            QwenLayer.ATTN_TO_Q,
            QwenLayer.ATTN_TO_K,
            QwenLayer.ATTN_TO_V,
            QwenLayer.ATTN_ADD_Q_PROJ,
            QwenLayer.ATTN_ADD_K_PROJ,
            QwenLayer.ATTN_ADD_V_PROJ,
            QwenLayer.ATTN_TO_OUT,
            QwenLayer.ATTN_TO_ADD_OUT);
    for (int b = 0; b < model.transformerBlocks(); b++) {
      String bp = p + "transformer_blocks." + b + ".";
      for (QwenLayer l : blockOrder) {
        linear(sd, bp + l.path(), l);
      }
      for (String norm : BLOCK_NORMS) {
        sd.put(bp + norm + ".weight", List.of((long) HEAD_DIM));
      }
      for (QwenLayer l : attention) {
        linear(sd, bp + l.path(), l);
      }
    }
    linear(sd, p + "norm_out.linear", QwenLayer.NORM_OUT_LINEAR);
    linear(sd, p + "proj_out", QwenLayer.PROJ_OUT);
    return sd;
  }

  private static void linear(Map<String, List<Long>> sd, String name, QwenLayer l) {
    sd.put(name + ".weight", List.of((long) l.outFeatures(), (long) l.inFeatures()));
    sd.put(name + ".bias", List.of((long) l.outFeatures()));
  }

  /** Every model key whose name ends in {@code .weight}. */
  List<String> weights() {
    List<String> out = new ArrayList<>();
    for (String k : shapes.keySet()) {
      if (k.endsWith(".weight")) {
        out.add(k);
      }
    }
    return out;
  }
}
