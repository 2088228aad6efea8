package dev.lorakit.comfyui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node classes lorakit writes and the guide uses, as ComfyUI declares them: every required and
 * optional input with its type, bounds and allowed values, and every output type. Read from
 * Comfy-Org/ComfyUI at commit {@code a125cd84} (2025-10-11, {@code comfyui.md} "What was read");
 * each schema names its file and line. Classes not in the table are unknown to lorakit, not
 * necessarily to a user's ComfyUI (custom nodes).
 *
 * <pre>{@code
 * NodeSchemas table = NodeSchemas.standard();
 * table.find("KSampler").orElseThrow().input("sampler_name").orElseThrow().options(); // euler, ...
 * }</pre>
 */
public final class NodeSchemas {
  /** ComfyUI's {@code MAX_RESOLUTION} (nodes.py 52). */
  public static final int MAX_RESOLUTION = 16384;

  /** {@code comfy/samplers.py} KSAMPLER_NAMES (730-734) plus SAMPLER_NAMES' extras (1054). */
  public static final List<String> SAMPLER_NAMES =
      List.of(
          "euler",
          "euler_cfg_pp",
          "euler_ancestral",
          "euler_ancestral_cfg_pp",
          "heun",
          "heunpp2",
          "dpm_2",
          "dpm_2_ancestral",
          "lms",
          "dpm_fast",
          "dpm_adaptive",
          "dpmpp_2s_ancestral",
          "dpmpp_2s_ancestral_cfg_pp",
          "dpmpp_sde",
          "dpmpp_sde_gpu",
          "dpmpp_2m",
          "dpmpp_2m_cfg_pp",
          "dpmpp_2m_sde",
          "dpmpp_2m_sde_gpu",
          "dpmpp_2m_sde_heun",
          "dpmpp_2m_sde_heun_gpu",
          "dpmpp_3m_sde",
          "dpmpp_3m_sde_gpu",
          "ddpm",
          "lcm",
          "ipndm",
          "ipndm_v",
          "deis",
          "res_multistep",
          "res_multistep_cfg_pp",
          "res_multistep_ancestral",
          "res_multistep_ancestral_cfg_pp",
          "gradient_estimation",
          "gradient_estimation_cfg_pp",
          "er_sde",
          "seeds_2",
          "seeds_3",
          "sa_solver",
          "sa_solver_pece",
          "ddim",
          "uni_pc",
          "uni_pc_bh2");

  /** {@code comfy/samplers.py} SCHEDULER_HANDLERS keys (1063-1073). */
  public static final List<String> SCHEDULER_NAMES =
      List.of(
          "simple",
          "sgm_uniform",
          "karras",
          "exponential",
          "ddim_uniform",
          "beta",
          "normal",
          "linear_quadratic",
          "kl_optimal");

  /** {@code nodes.py} CLIPLoader {@code type} (931). */
  public static final List<String> CLIP_TYPES =
      List.of(
          "stable_diffusion",
          "stable_cascade",
          "sd3",
          "stable_audio",
          "mochi",
          "ltxv",
          "pixart",
          "cosmos",
          "lumina2",
          "wan",
          "hidream",
          "chroma",
          "ace",
          "omnigen2",
          "qwen_image",
          "hunyuan_image");

  /** {@code nodes.py} UNETLoader {@code weight_dtype} (906). */
  public static final List<String> WEIGHT_DTYPES =
      List.of("default", "fp8_e4m3fn", "fp8_e4m3fn_fast", "fp8_e5m2");

  /** {@code nodes.py} ImageScale and {@code nodes_post_processing.py} upscale methods. */
  public static final List<String> UPSCALE_METHODS =
      List.of("nearest-exact", "bilinear", "area", "bicubic", "lanczos");

  private static final NodeSchemas STANDARD = new NodeSchemas(table());

  private final Map<String, NodeSchema> byClass;

  private NodeSchemas(List<NodeSchema> schemas) {
    Map<String, NodeSchema> m = new LinkedHashMap<>();
    for (NodeSchema s : schemas) {
      if (m.put(s.classType(), s) != null) {
        throw new IllegalArgumentException("node class declared twice: " + s.classType());
      }
    }
    this.byClass = Map.copyOf(m);
  }

  /** The table read from ComfyUI {@code a125cd84}. */
  public static NodeSchemas standard() {
    return STANDARD;
  }

  /** The standard table plus {@code more} (a user's custom nodes), which win on a clash. */
  public NodeSchemas with(Collection<NodeSchema> more) {
    Map<String, NodeSchema> m = new LinkedHashMap<>(byClass);
    more.forEach(s -> m.put(s.classType(), s));
    return new NodeSchemas(List.copyOf(m.values()));
  }

  public Optional<NodeSchema> find(String classType) {
    return Optional.ofNullable(byClass.get(classType));
  }

  /** Every class in the table, sorted. */
  public List<String> classTypes() {
    List<String> names = new ArrayList<>(byClass.keySet());
    names.sort(null);
    return names;
  }

  private static InputSpec link(String name, String type) {
    return InputSpec.builder().name(name).type(type).build();
  }

  private static InputSpec optionalLink(String name, String type) {
    return InputSpec.builder().name(name).type(type).required(false).build();
  }

  private static InputSpec number(String type, String name, double min, double max) {
    return InputSpec.builder().name(name).type(type).min(min).max(max).build();
  }

  private static InputSpec string(String name) {
    return InputSpec.builder().name(name).type("STRING").build();
  }

  private static InputSpec list(String name, List<String> options) {
    return InputSpec.builder().name(name).type(InputSpec.LIST).options(options).build();
  }

  private static InputSpec files(String name, String folder) {
    return InputSpec.builder().name(name).type(InputSpec.LIST).folder(folder).build();
  }

  private static NodeSchema node(String type, String source, List<String> outs, InputSpec... in) {
    return NodeSchema.builder()
        .classType(type)
        .source(source)
        .outputs(outs)
        .inputs(List.of(in))
        .build();
  }

  private static List<NodeSchema> table() {
    List<NodeSchema> t = new ArrayList<>();
    t.add(
        node(
            "CLIPTextEncode",
            "nodes.py:54",
            List.of("CONDITIONING"),
            string("text"),
            link("clip", "CLIP")));
    t.add(
        node(
            "VAEDecode",
            "nodes.py:278",
            List.of("IMAGE"),
            link("samples", "LATENT"),
            link("vae", "VAE")));
    t.add(
        node(
            "VAEEncode",
            "nodes.py:333",
            List.of("LATENT"),
            link("pixels", "IMAGE"),
            link("vae", "VAE")));
    t.add(
        node(
            "CheckpointLoaderSimple",
            "nodes.py:559",
            List.of("MODEL", "CLIP", "VAE"),
            files("ckpt_name", "checkpoints")));
    t.add(
        node(
            "LoraLoader",
            "nodes.py:639",
            List.of("MODEL", "CLIP"),
            link("model", "MODEL"),
            link("clip", "CLIP"),
            files("lora_name", "loras"),
            number("FLOAT", "strength_model", -100, 100),
            number("FLOAT", "strength_clip", -100, 100)));
    t.add(
        node(
            "LoraLoaderModelOnly",
            "nodes.py:681",
            List.of("MODEL"),
            link("model", "MODEL"),
            files("lora_name", "loras"),
            number("FLOAT", "strength_model", -100, 100)));
    // vae_list() adds approximation names and "pixel_space" to the folder's files (nodes.py
    // 696-735).
    t.add(
        node(
            "VAELoader",
            "nodes.py:694",
            List.of("VAE"),
            InputSpec.builder()
                .name("vae_name")
                .type(InputSpec.LIST)
                .folder("vae")
                .addOption("pixel_space")
                .build()));
    t.add(
        node(
            "UNETLoader",
            "nodes.py:903",
            List.of("MODEL"),
            files("unet_name", "diffusion_models"),
            list("weight_dtype", WEIGHT_DTYPES)));
    t.add(
        NodeSchema.builder()
            .classType("CLIPLoader")
            .source("nodes.py:928")
            .outputs(List.of("CLIP"))
            .addInput(files("clip_name", "text_encoders"))
            .addInput(list("type", CLIP_TYPES))
            .addInput(
                InputSpec.builder()
                    .name("device")
                    .type(InputSpec.LIST)
                    .options(List.of("default", "cpu"))
                    .required(false)
                    .build())
            .build());
    t.add(
        node(
            "EmptyLatentImage",
            "nodes.py:1164",
            List.of("LATENT"),
            number("INT", "width", 16, MAX_RESOLUTION),
            number("INT", "height", 16, MAX_RESOLUTION),
            number("INT", "batch_size", 1, 4096)));
    t.add(
        node(
            "KSampler",
            "nodes.py:1499",
            List.of("LATENT"),
            link("model", "MODEL"),
            number("INT", "seed", 0, 18446744073709551615.0),
            number("INT", "steps", 1, 10000),
            number("FLOAT", "cfg", 0, 100),
            list("sampler_name", SAMPLER_NAMES),
            list("scheduler", SCHEDULER_NAMES),
            link("positive", "CONDITIONING"),
            link("negative", "CONDITIONING"),
            link("latent_image", "LATENT"),
            number("FLOAT", "denoise", 0, 1)));
    t.add(
        NodeSchema.builder()
            .classType("SaveImage")
            .source("nodes.py:1561")
            .outputNode(true)
            .addInputs(link("images", "IMAGE"), string("filename_prefix"))
            .build());
    t.add(
        NodeSchema.builder()
            .classType("PreviewImage")
            .source("nodes.py:1616")
            .outputNode(true)
            .addInput(link("images", "IMAGE"))
            .build());
    t.add(
        node(
            "LoadImage",
            "nodes.py:1630",
            List.of("IMAGE", "MASK"),
            InputSpec.builder()
                .name("image")
                .type(InputSpec.LIST)
                .folder("input")
                .listChecked(false)
                .validatedIn("input")
                .build()));
    t.add(
        node(
            "ImageScale",
            "nodes.py:1778",
            List.of("IMAGE"),
            link("image", "IMAGE"),
            list("upscale_method", UPSCALE_METHODS),
            number("INT", "width", 0, MAX_RESOLUTION),
            number("INT", "height", 0, MAX_RESOLUTION),
            list("crop", List.of("disabled", "center"))));
    t.add(
        node(
            "EmptySD3LatentImage",
            "comfy_extras/nodes_sd3.py:39",
            List.of("LATENT"),
            number("INT", "width", 16, MAX_RESOLUTION),
            number("INT", "height", 16, MAX_RESOLUTION),
            number("INT", "batch_size", 1, 4096)));
    t.add(
        node(
            "ModelSamplingAuraFlow",
            "comfy_extras/nodes_model_advanced.py:140",
            List.of("MODEL"),
            link("model", "MODEL"),
            number("FLOAT", "shift", 0, 100)));
    t.add(
        node(
            "CFGNorm",
            "comfy_extras/nodes_cfg.py:51",
            List.of("MODEL"),
            link("model", "MODEL"),
            number("FLOAT", "strength", 0, 100)));
    t.add(
        node(
            "TextEncodeQwenImageEdit",
            "comfy_extras/nodes_qwen.py:8",
            List.of("CONDITIONING"),
            link("clip", "CLIP"),
            string("prompt"),
            optionalLink("vae", "VAE"),
            optionalLink("image", "IMAGE")));
    t.add(
        node(
            "TextEncodeQwenImageEditPlus",
            "comfy_extras/nodes_qwen.py:51",
            List.of("CONDITIONING"),
            link("clip", "CLIP"),
            string("prompt"),
            optionalLink("vae", "VAE"),
            optionalLink("image1", "IMAGE"),
            optionalLink("image2", "IMAGE"),
            optionalLink("image3", "IMAGE")));
    // A V3 io.Combo: its type is the string COMBO, so validate_inputs does not check the value.
    t.add(
        node(
            "ImageScaleToTotalPixels",
            "comfy_extras/nodes_post_processing.py:211",
            List.of("IMAGE"),
            link("image", "IMAGE"),
            InputSpec.builder()
                .name("upscale_method")
                .type(InputSpec.LIST)
                .options(UPSCALE_METHODS)
                .listChecked(false)
                .build(),
            number("FLOAT", "megapixels", 0.01, 16.0)));
    return t;
  }
}
