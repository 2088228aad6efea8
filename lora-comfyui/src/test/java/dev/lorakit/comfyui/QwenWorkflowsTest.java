package dev.lorakit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QwenWorkflowsTest {

  @ParameterizedTest
  @EnumSource(BaseModel.class)
  void grid_everyCellOfEveryModel_passesTheValidator(BaseModel model) {
    GridSpec spec = GridSpec.forProject(Fixtures.project(model)).withLoraSubdir(Fixtures.SUBDIR);
    List<GridCell> cells = QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(model)));
    PromptValidator validator = PromptValidator.of(NodeSchemas.standard(), Fixtures.inventory());

    assertThat(cells).hasSize(2 * 5 * 5 * 5);
    for (GridCell c : cells) {
      PromptValidation v = validator.validate(c.workflow());
      assertThat(v.error()).as("cell %d of %s", c.number(), model).isEmpty();
      assertThat(v.nodeErrors()).isEmpty();
      assertThat(v.goodOutputs()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = BaseModel.class,
      names = {"QWEN_IMAGE_EDIT", "QWEN_IMAGE_EDIT_2509", "QWEN_IMAGE_EDIT_2511"})
  void cell_editModel_conditionsPositiveAndNegativeOnTheReferenceImage(BaseModel model) {
    GridSpec spec = GridSpec.forProject(Fixtures.project(model));
    Workflow w = QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(model))).get(0).workflow();
    WorkflowNode sampler = w.nodesOf("KSampler").get(0);
    String image = model.comfyUiReferenceImages() == 1 ? "image" : "image1";

    for (String side : List.of("positive", "negative")) {
      WorkflowNode enc = w.node(sampler.input(side).get().link().get().node()).get();
      assertThat(enc.classType()).contains(model.comfyUiTextEncodeNode());
      WorkflowNode load = w.node(enc.input(image).get().link().get().node()).get();
      assertThat(load.classType()).contains("LoadImage");
      assertThat(load.string("image")).contains("maya_001.png");
      assertThat(w.node(enc.input("vae").get().link().get().node()).get().classType())
          .contains("VAELoader");
    }
    // The guide's negative prompt, not "" (comfyui.md W4); the trainer's 28 steps and cfg 3.5.
    WorkflowNode neg = w.node(sampler.input("negative").get().link().get().node()).get();
    assertThat(neg.string("prompt")).contains("low quality, blurry, artifacts");
    assertThat(sampler.input("steps").flatMap(NodeInput::value)).contains(28L);
    assertThat(sampler.input("cfg").flatMap(NodeInput::value)).contains(3.5);
  }

  @Test
  void cell_firstEditModel_putsCfgNormBeforeTheSampler() {
    GridSpec spec = GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT));
    Workflow w =
        QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT)))
            .get(0)
            .workflow();
    WorkflowNode sampler = w.nodesOf("KSampler").get(0);

    assertThat(w.node(sampler.input("model").get().link().get().node()).get().classType())
        .contains("CFGNorm");
    assertThat(
            QwenWorkflows.grid(
                    GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509)),
                    Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509)))
                .get(0)
                .workflow()
                .nodesOf("CFGNorm"))
        .isEmpty();
  }

  @Test
  void cell_textToImage_keepsTheClipTextEncodeGraphWithoutImages() {
    GridSpec spec = GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_2512));
    Workflow w =
        QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_2512)))
            .get(0)
            .workflow();

    assertThat(w.nodesOf("CLIPTextEncode")).hasSize(2);
    assertThat(w.nodesOf("LoadImage")).isEmpty();
    assertThat(w.nodesOf("UNETLoader").get(0).string("unet_name"))
        .contains("qwen_image_2512_fp8_e4m3fn.safetensors");
  }

  @Test
  void cell_textOnlyEditLora_isEncodedAsItWasTrained() {
    LoraProject textOnly =
        LoraProject.builder()
            .from(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509))
            .archOverride(BaseModel.QWEN_IMAGE_EDIT_2509.textOnlyArch())
            .build();
    GridSpec spec = GridSpec.forProject(textOnly).withLoraSubdir(Fixtures.SUBDIR);
    Workflow w = QwenWorkflows.grid(spec, Fixtures.grid(textOnly)).get(0).workflow();

    assertThat(spec.textOnly()).isTrue();
    assertThat(spec.referenceImages()).isEmpty();
    assertThat(w.nodesOf("CLIPTextEncode")).hasSize(2);
    assertThat(w.nodesOf("LoadImage")).isEmpty();
    assertThat(w.nodesOf("UNETLoader").get(0).string("unet_name"))
        .contains(BaseModel.QWEN_IMAGE_EDIT_2509.comfyUiDiffusionModel());
    assertThat(PromptValidator.of(NodeSchemas.standard(), Fixtures.inventory()).validate(w).valid())
        .isTrue();
  }

  @Test
  void cell_prefixNamesCheckpointPromptSeedAndStrength() {
    GridSpec spec = GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509));
    List<GridCell> cells =
        QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2509)));

    assertThat(cells.get(0).filenamePrefix()).isEqualTo("eval/maya_lora_000001000_p0_s42_m0.6");
    assertThat(cells.stream().map(GridCell::filenamePrefix).distinct()).hasSize(cells.size());
  }

  @Test
  void cell_bareLoraNameWhenTheRunFolderIsASubfolder_isRejectedAsComfyUiDoes() {
    GridSpec bare = GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE));
    Workflow w =
        QwenWorkflows.grid(bare, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE)))
            .get(0)
            .workflow();
    ModelInventory one =
        ModelInventory.builder()
            .from(Fixtures.inventory())
            .putFolder("loras", List.of("maya_lora/maya_lora_000001000.safetensors"))
            .build();

    PromptValidation v = PromptValidator.of(NodeSchemas.standard(), one).validate(w);

    // comfyui.md W2, the real validator's text: lora_name: 'x.safetensors' not in ['run/x...']
    assertThat(v.valid()).isFalse();
    assertThat(v.nodeErrors().values().iterator().next().get(0).details())
        .isEqualTo(
            "lora_name: 'maya_lora_000001000.safetensors' not in"
                + " ['maya_lora/maya_lora_000001000.safetensors']");
  }

  @Test
  void stack_twoLorasAndASweep_chainsLoadersAndPasses() {
    List<List<LoraStrength>> sweep = new java.util.ArrayList<>();
    for (double style : new double[] {0.6, 0.7, 0.8}) {
      for (double ch : new double[] {0.9, 1.0}) {
        sweep.add(
            List.of(
                LoraStrength.of("boreal_style.safetensors", style),
                LoraStrength.of("qwen_character_lora_000004250.safetensors", ch)));
      }
    }
    Workflow w =
        QwenWorkflows.stack(
            BaseModel.QWEN_IMAGE,
            sweep,
            "maya_char, portrait",
            42,
            SamplerSettings.builder().build(),
            List.of(),
            "stack");

    PromptValidation v =
        PromptValidator.of(NodeSchemas.standard(), Fixtures.inventory()).validate(w);
    assertThat(v.error()).isEmpty();
    assertThat(v.goodOutputs()).hasSize(6);
    assertThat(w.nodesOf("LoraLoaderModelOnly")).hasSize(12);
    assertThat(w.nodesOf("UNETLoader")).hasSize(1);
    WorkflowNode second = w.nodesOf("LoraLoaderModelOnly").get(1);
    Optional<WorkflowNode> first = w.node(second.input("model").get().link().get().node());
    assertThat(first.flatMap(n -> n.string("lora_name"))).contains("boreal_style.safetensors");
    assertThat(w.nodesOf("SaveImage").get(0).string("filename_prefix")).contains("stack_0.6_0.9");
  }

  @Test
  void json_roundTrip_keepsTheGraph() {
    GridSpec spec = GridSpec.forProject(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2511));
    Workflow w =
        QwenWorkflows.grid(spec, Fixtures.grid(Fixtures.project(BaseModel.QWEN_IMAGE_EDIT_2511)))
            .get(7)
            .workflow();

    assertThat(WorkflowJson.read(WorkflowJson.write(w)).workflow()).isEqualTo(w);
    assertThat(WorkflowJson.read(WorkflowJson.promptBody(w)).workflow()).isEqualTo(w);
  }
}
