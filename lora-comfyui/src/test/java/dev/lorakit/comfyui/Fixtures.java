package dev.lorakit.comfyui;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.plan.EvaluationGrid;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

final class Fixtures {
  static final String SUBDIR = "maya_lora";

  private Fixtures() {}

  /** The guide's project on {@code model}, with the control image ai-toolkit's samples use. */
  static LoraProject project(BaseModel model) {
    LoraProject guide = ExampleProjects.guideAsWritten();
    List<SamplePrompt> prompts = new ArrayList<>();
    for (SamplePrompt p : guide.sampling().prompts()) {
      prompts.add(
          SamplePrompt.of(
              p.prompt(), model.isEditModel() ? List.of("control/maya_001.png") : List.of()));
    }
    return LoraProject.builder()
        .from(guide)
        .baseModel(model)
        .sampling(SamplingSettings.builder().from(guide.sampling()).prompts(prompts).build())
        .build();
  }

  static List<Checkpoint> checkpoints() {
    List<Checkpoint> c = new ArrayList<>();
    for (int step : new int[] {1000, 2000}) {
      c.add(
          Checkpoint.builder()
              .file(String.format("maya_lora_%09d.safetensors", step))
              .step(step)
              .build());
    }
    return c;
  }

  static EvaluationGrid grid(LoraProject project) {
    return EvaluationGrid.over(project, checkpoints());
  }

  /** What a ComfyUI install lists once the run folder is copied into models/loras/maya_lora. */
  static ModelInventory inventory() {
    List<String> loras = new ArrayList<>();
    for (Checkpoint c : checkpoints()) {
      loras.add(SUBDIR + "/" + c.file());
    }
    List<String> unets = new ArrayList<>();
    for (BaseModel m : BaseModel.values()) {
      unets.add(m.comfyUiDiffusionModel());
    }
    return ModelInventory.builder()
        .putFolder("diffusion_models", unets)
        .putFolder("text_encoders", List.of("qwen_2.5_vl_7b_fp8_scaled.safetensors"))
        .putFolder("vae", List.of("qwen_image_vae.safetensors"))
        .putFolder(
            "loras",
            concat(
                loras,
                List.of("boreal_style.safetensors", "qwen_character_lora_000004250.safetensors")))
        .putFolder("checkpoints", List.of())
        .putFolder("input", List.of("maya_001.png", "maya_char_control_001.png"))
        .build();
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
