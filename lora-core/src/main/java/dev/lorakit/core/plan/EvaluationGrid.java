package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.LoraProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The guide's checkpoint comparison as a grid: prompts x seeds x strengths x checkpoints, with
 * fixed seeds so every checkpoint is judged on the same noise.
 *
 * <pre>{@code
 * EvaluationGrid grid = plan.evaluation();
 * grid.size();                 // 500 for 5 prompts x 5 seeds x 5 strengths x 4 checkpoints
 * grid.comfyWorkflow(grid.cells().get(0)); // ComfyUI API-format graph as nested maps
 * }</pre>
 */
@Value.Immutable
public abstract class EvaluationGrid {
  /** The first fixed seed; seed i of a prompt is {@code FIRST_SEED + i}. */
  public static final long FIRST_SEED = 42;

  public abstract List<Checkpoint> checkpoints();

  public abstract List<String> prompts();

  public abstract List<Long> seeds();

  public abstract List<Double> strengths();

  public abstract String baseModelFile();

  @Value.Derived
  public int size() {
    return checkpoints().size() * prompts().size() * seeds().size() * strengths().size();
  }

  /** Every cell, checkpoint-major, then prompt, seed and strength. */
  @Value.Lazy
  public List<EvaluationCell> cells() {
    List<EvaluationCell> cells = new ArrayList<>();
    for (Checkpoint c : checkpoints()) {
      for (String p : prompts()) {
        for (long s : seeds()) {
          for (double st : strengths()) {
            cells.add(
                ImmutableEvaluationCell.builder()
                    .checkpoint(c)
                    .prompt(p)
                    .seed(s)
                    .strength(st)
                    .build());
          }
        }
      }
    }
    return List.copyOf(cells);
  }

  /**
   * The grid for a project's checkpoints: the evaluation prompts with the trigger filled in, the
   * configured number of seeds from {@link #FIRST_SEED}, the strengths, and up to {@code
   * maxCheckpoints} checkpoints spread from the middle epoch to the last (early epochs usually
   * underfit, says the guide).
   */
  public static EvaluationGrid of(LoraProject project, List<Checkpoint> all, int maxCheckpoints) {
    EvaluationSettings e = project.evaluation();
    List<String> prompts = new ArrayList<>();
    for (String p : e.prompts()) {
      prompts.add(p.replace("[trigger]", project.trigger().value()));
    }
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < Math.max(1, e.seedsPerPrompt()); i++) {
      seeds.add(FIRST_SEED + i);
    }
    return ImmutableEvaluationGrid.builder()
        .checkpoints(midToLate(all, maxCheckpoints))
        .prompts(prompts)
        .triggerPrompts(e.prompts())
        .seeds(seeds)
        .strengths(e.strengths())
        .baseModelFile(comfyModelFile(project))
        .build();
  }

  static List<Checkpoint> midToLate(List<Checkpoint> all, int max) {
    if (all.isEmpty() || max <= 0) {
      return List.of();
    }
    int from = (all.size() - 1) / 2;
    List<Checkpoint> late = all.subList(from, all.size());
    if (late.size() <= max) {
      return List.copyOf(late);
    }
    List<Checkpoint> picked = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      int index = (int) Math.round(i * (late.size() - 1) / (double) (max - 1));
      picked.add(late.get(index));
    }
    return List.copyOf(picked);
  }

  private static String comfyModelFile(LoraProject project) {
    return project.baseModel().comfyUiDiffusionModel();
  }

  /**
   * A ComfyUI API-format graph (node id -> {@code {class_type, inputs}}; a link is {@code [node id,
   * output index]}) that renders one cell: load the diffusion model, text encoder and VAE, load the
   * LoRA at the cell's strength, encode the prompt, sample with the fixed seed, save the image.
   * Nested maps and lists, ready for any JSON writer.
   */
  public Map<String, Object> comfyWorkflow(EvaluationCell cell) {
    Map<String, Object> g = new LinkedHashMap<>();
    node(g, "1", "UNETLoader", inputs("unet_name", baseModelFile(), "weight_dtype", "default"));
    node(
        g,
        "2",
        "CLIPLoader",
        inputs("clip_name", "qwen_2.5_vl_7b_fp8_scaled.safetensors", "type", "qwen_image"));
    node(g, "3", "VAELoader", inputs("vae_name", "qwen_image_vae.safetensors"));
    node(
        g,
        "4",
        "LoraLoaderModelOnly",
        inputs(
            "model", link("1"),
            "lora_name", fileName(cell.checkpoint().file()),
            "strength_model", cell.strength()));
    node(g, "5", "ModelSamplingAuraFlow", inputs("model", link("4"), "shift", 3.1));
    node(g, "6", "CLIPTextEncode", inputs("clip", link("2"), "text", cell.prompt()));
    node(g, "7", "CLIPTextEncode", inputs("clip", link("2"), "text", ""));
    node(g, "8", "EmptySD3LatentImage", inputs("width", 1024, "height", 1024, "batch_size", 1));
    node(
        g,
        "9",
        "KSampler",
        inputs(
            "model",
            link("5"),
            "positive",
            link("6"),
            "negative",
            link("7"),
            "latent_image",
            link("8"),
            "seed",
            cell.seed(),
            "steps",
            28,
            "cfg",
            2.5,
            "sampler_name",
            "euler",
            "scheduler",
            "simple",
            "denoise",
            1.0));
    node(g, "10", "VAEDecode", inputs("samples", link("9"), "vae", link("3")));
    node(
        g,
        "11",
        "SaveImage",
        inputs(
            "images",
            link("10"),
            "filename_prefix",
            String.format(
                Locale.ROOT,
                "eval/%s_s%d_m%s",
                stem(cell.checkpoint().file()),
                cell.seed(),
                Double.toString(cell.strength()))));
    return g;
  }

  /**
   * The grid as ai-toolkit {@code sample.samples} entries (prompt x seed x strength, one entry
   * each), so the trainer renders the same fixed-seed grid at every {@code sample_every}. Prompts
   * keep {@code [trigger]} for the trainer to fill in; {@code controlImages} are added as {@code
   * ctrl_img_1..3} for edit models.
   */
  public List<Map<String, Object>> sampleEntries(List<String> controlImages) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String p : triggerPrompts()) {
      for (long seed : seeds()) {
        for (double strength : strengths()) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("prompt", p);
          e.put("seed", seed);
          e.put("network_multiplier", strength);
          for (int i = 0; i < Math.min(3, controlImages.size()); i++) {
            e.put("ctrl_img_" + (i + 1), controlImages.get(i));
          }
          entries.add(e);
        }
      }
    }
    return entries;
  }

  /** The prompts with {@code [trigger]} put back where the trigger word was filled in. */
  public abstract List<String> triggerPrompts();

  private static void node(Map<String, Object> g, String id, String type, Map<String, Object> in) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("class_type", type);
    n.put("inputs", in);
    g.put(id, n);
  }

  private static Map<String, Object> inputs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static List<Object> link(String node) {
    return List.of(node, 0);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String stem(String path) {
    String f = fileName(path);
    return f.endsWith(".safetensors") ? f.substring(0, f.length() - ".safetensors".length()) : f;
  }
}
