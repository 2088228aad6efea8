package dev.lorakit.core.plan;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.LoraProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The guide's checkpoint comparison as a grid: prompts x seeds x strengths x checkpoints, with
 * fixed seeds so every checkpoint is judged on the same noise.
 *
 * <pre>{@code
 * EvaluationGrid grid = plan.evaluation();
 * grid.size();                 // 500 for 5 prompts x 5 seeds x 5 strengths x 4 checkpoints
 * grid.cells().get(0).promptIndex(); // 0: cells are data; lora-comfyui turns them into graphs
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
      for (int pi = 0; pi < prompts().size(); pi++) {
        String p = prompts().get(pi);
        for (long s : seeds()) {
          for (double st : strengths()) {
            cells.add(
                ImmutableEvaluationCell.builder()
                    .checkpoint(c)
                    .prompt(p)
                    .promptIndex(pi)
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
    return over(project, midToLate(all, maxCheckpoints));
  }

  /**
   * The grid over exactly {@code checkpoints} (a run folder the user picked), with the project's
   * evaluation prompts, seeds and strengths.
   */
  public static EvaluationGrid over(LoraProject project, List<Checkpoint> checkpoints) {
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
        .checkpoints(checkpoints)
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
}
