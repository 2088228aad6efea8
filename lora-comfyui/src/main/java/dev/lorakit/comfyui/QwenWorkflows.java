package dev.lorakit.comfyui;

import dev.lorakit.core.plan.EvaluationCell;
import dev.lorakit.core.plan.EvaluationGrid;
import dev.lorakit.core.project.BaseModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Qwen graphs lorakit writes, per base model, in the shapes ComfyUI's own examples use ({@code
 * comfyui.md} §4, {@code comfyui-workflows/}): {@code UNETLoader} → {@code LoraLoaderModelOnly}
 * (one per LoRA, chained) → {@code ModelSamplingAuraFlow} (→ {@code CFGNorm} for the first Edit
 * model) → {@code KSampler}; {@code CLIPLoader} and {@code VAELoader}; the model's text-encode node
 * for the positive and the negative prompt, with the VAE and the reference images ({@code
 * LoadImage}) for an edit model; {@code EmptySD3LatentImage}; {@code VAEDecode}; {@code SaveImage}.
 * Every per-model fact comes from {@link BaseModel}.
 *
 * <pre>{@code
 * List<GridCell> cells = QwenWorkflows.grid(GridSpec.forProject(project), plan.evaluation());
 * Workflow stack = QwenWorkflows.stack(BaseModel.QWEN_IMAGE,
 *     List.of(List.of(LoraStrength.of("boreal.safetensors", 0.7),
 *                     LoraStrength.of("maya.safetensors", 0.9))),
 *     "maya_char, portrait", 42, SamplerSettings.builder().build(), List.of(), "stack");
 * }</pre>
 */
public final class QwenWorkflows {
  private QwenWorkflows() {}

  /** Every cell of {@code grid}, checkpoint-major, numbered from 1. */
  public static List<GridCell> grid(GridSpec spec, EvaluationGrid grid) {
    List<GridCell> out = new ArrayList<>();
    int number = 1;
    for (EvaluationCell c : grid.cells()) {
      out.add(cell(spec, c, number++));
    }
    return List.copyOf(out);
  }

  /** One cell: the checkpoint at the cell's strength, its prompt and seed. */
  public static GridCell cell(GridSpec spec, EvaluationCell cell, int number) {
    String file = fileName(cell.checkpoint().file());
    String lora = spec.loraSubdir().map(s -> s + "/" + file).orElse(file);
    String prefix =
        String.format(
            Locale.ROOT,
            "eval/%s_p%d_s%d_m%s",
            stem(file),
            cell.promptIndex(),
            cell.seed(),
            Double.toString(cell.strength()));
    Workflow w =
        build(
            spec.baseModel(),
            List.of(List.of(LoraStrength.of(lora, cell.strength()))),
            cell.prompt(),
            cell.seed(),
            spec.sampler(),
            spec.referenceImages(),
            List.of(prefix),
            spec.textOnly());
    return GridCell.builder()
        .number(number)
        .cell(cell)
        .loraName(lora)
        .filenamePrefix(prefix)
        .workflow(w)
        .build();
  }

  /**
   * LoRAs stacked in chained {@code LoraLoaderModelOnly} nodes, one branch per combination of
   * strengths (a sweep), all sharing the loaders and the prompt encoding. Branch {@code i} saves
   * under {@code prefix + "_" + strengths}, such as {@code stack_0.7_0.9}. For plain LoRAs the
   * order in a chain does not change the result: ComfyUI adds each patch (see {@code
   * docs/comfyui.md}).
   */
  public static Workflow stack(
      BaseModel model,
      List<List<LoraStrength>> combinations,
      String prompt,
      long seed,
      SamplerSettings sampler,
      List<String> referenceImages,
      String prefix) {
    List<String> prefixes = new ArrayList<>();
    for (List<LoraStrength> combo : combinations) {
      StringBuilder p = new StringBuilder(prefix);
      for (LoraStrength l : combo) {
        p.append('_').append(Double.toString(l.strength()));
      }
      prefixes.add(p.toString());
    }
    return build(model, combinations, prompt, seed, sampler, referenceImages, prefixes, false);
  }

  private static Workflow build(
      BaseModel model,
      List<List<LoraStrength>> branches,
      String prompt,
      long seed,
      SamplerSettings s,
      List<String> referenceImages,
      List<String> prefixes,
      boolean textOnly) {
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("a workflow needs at least one branch");
    }
    Graph g = new Graph();
    String unet =
        g.add("UNETLoader", "unet_name", model.comfyUiDiffusionModel(), "weight_dtype", "default");
    String clip =
        g.add(
            "CLIPLoader", "clip_name", model.comfyUiTextEncoder(), "type", model.comfyUiClipType());
    String vae = g.add("VAELoader", "vae_name", model.comfyUiVae());
    int images = textOnly ? 0 : Math.min(referenceImages.size(), model.comfyUiReferenceImages());
    List<String> loaded = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      loaded.add(g.add("LoadImage", "image", fileName(referenceImages.get(i))));
    }
    String positive = encode(g, model, clip, vae, loaded, prompt, textOnly);
    String negative = encode(g, model, clip, vae, loaded, s.negativePrompt(), textOnly);
    String latent =
        g.add(
            "EmptySD3LatentImage",
            "width",
            (long) s.width(),
            "height",
            (long) s.height(),
            "batch_size",
            1L);
    for (int b = 0; b < branches.size(); b++) {
      String m = unet;
      for (LoraStrength l : branches.get(b)) {
        m =
            g.add(
                "LoraLoaderModelOnly",
                "model",
                link(m),
                "lora_name",
                l.name(),
                "strength_model",
                l.strength());
      }
      m = g.add("ModelSamplingAuraFlow", "model", link(m), "shift", s.shift());
      if (model.comfyUiCfgNorm()) {
        m = g.add("CFGNorm", "model", link(m), "strength", 1.0);
      }
      String sampled =
          g.add(
              "KSampler",
              "model",
              link(m),
              "positive",
              link(positive),
              "negative",
              link(negative),
              "latent_image",
              link(latent),
              "seed",
              seed,
              "steps",
              (long) s.steps(),
              "cfg",
              s.cfg(),
              "sampler_name",
              s.sampler(),
              "scheduler",
              s.scheduler(),
              "denoise",
              1.0);
      String decoded = g.add("VAEDecode", "samples", link(sampled), "vae", link(vae));
      g.add("SaveImage", "images", link(decoded), "filename_prefix", prefixes.get(b));
    }
    return g.build();
  }

  private static String encode(
      Graph g,
      BaseModel model,
      String clip,
      String vae,
      List<String> images,
      String text,
      boolean textOnly) {
    Map<String, NodeInput> in = new LinkedHashMap<>();
    in.put("clip", NodeInput.link(clip, 0));
    if (textOnly || model.comfyUiReferenceImages() == 0) {
      in.put("text", NodeInput.literal(text));
      return g.add("CLIPTextEncode", in);
    }
    String node = model.comfyUiTextEncodeNode();
    in.put("prompt", NodeInput.literal(text));
    in.put("vae", NodeInput.link(vae, 0));
    for (int i = 0; i < images.size(); i++) {
      String name = model.comfyUiReferenceImages() == 1 ? "image" : "image" + (i + 1);
      in.put(name, NodeInput.link(images.get(i), 0));
    }
    return g.add(node, in);
  }

  private static NodeInput link(String node) {
    return NodeInput.link(node, 0);
  }

  static String fileName(String path) {
    String p = path.replace('\\', '/');
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String stem(String file) {
    return file.endsWith(".safetensors")
        ? file.substring(0, file.length() - ".safetensors".length())
        : file;
  }

  /** Sequential string ids, as ComfyUI's own exports use. */
  private static final class Graph {
    private final Map<String, WorkflowNode> nodes = new LinkedHashMap<>();

    String add(String classType, Object... kv) {
      Map<String, NodeInput> in = new LinkedHashMap<>();
      for (int i = 0; i < kv.length; i += 2) {
        Object v = kv[i + 1];
        in.put((String) kv[i], v instanceof NodeInput n ? n : NodeInput.literal(v));
      }
      return add(classType, in);
    }

    String add(String classType, Map<String, NodeInput> in) {
      String id = Integer.toString(nodes.size() + 1);
      nodes.put(id, WorkflowNode.builder().id(id).classType(classType).inputs(in).build());
      return id;
    }

    Workflow build() {
      return Workflow.builder().nodes(nodes).build();
    }
  }
}
