package dev.lorakit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import org.junit.jupiter.api.Test;

class WorkflowRulesTest {

  /** The guide's ComfyUI section as an API workflow: Load Checkpoint, flowmatch, custom node. */
  private static final String GUIDE =
      "{\n"
          + "  \"1\": {\"class_type\": \"CheckpointLoaderSimple\",\n"
          + "        \"inputs\": {\"ckpt_name\": \"qwen_image_edit_2509_fp8_e4m3fn.safetensors\"}},\n"
          + "  \"2\": {\"class_type\": \"LoraLoaderModelOnly\",\n"
          + "        \"inputs\": {\"model\": [\"1\", 0], \"lora_name\": \"maya.safetensors\",\n"
          + "                   \"strength_model\": 0.8}},\n"
          + "  \"3\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"clip\": [\"1\", 1],\n"
          + "        \"text\": \"maya_char, portrait\"}},\n"
          + "  \"4\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"clip\": [\"1\", 1],\n"
          + "        \"text\": \"low quality\"}},\n"
          + "  \"5\": {\"class_type\": \"EmptySD3LatentImage\",\n"
          + "        \"inputs\": {\"width\": 1024, \"height\": 1024, \"batch_size\": 1}},\n"
          + "  \"6\": {\"class_type\": \"KSampler\", \"inputs\": {\"model\": [\"2\", 0],\n"
          + "        \"positive\": [\"3\", 0], \"negative\": [\"4\", 0], \"latent_image\": [\"5\", 0],\n"
          + "        \"seed\": 42, \"steps\": 28, \"cfg\": 2.5,\n"
          + "        \"sampler_name\": \"flowmatch\", \"scheduler\": \"simple\", \"denoise\": 1.0}},\n"
          + "  \"7\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"6\", 0],\n"
          + "        \"vae\": [\"1\", 2]}},\n"
          + "  \"8\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"7\", 0],\n"
          + "        \"filename_prefix\": \"maya\"}},\n"
          + "  \"9\": {\"class_type\": \"QwenImageEditLoader\", \"inputs\": {}}\n"
          + "}\n";

  @Test
  void lint_theGuidesWorkflow_reportsEachMistakeAtItsLine() {
    ValidationReport r = WorkflowRules.lint(WorkflowJson.read(GUIDE));

    Violation flow = r.withRule("workflow.flowmatch-sampler").get(0);
    assertThat(flow.path()).isEqualTo("6.inputs.sampler_name");
    assertThat(flow.location().get().line()).isEqualTo(16);
    assertThat(flow.hint()).contains("euler");
    assertThat(r.withRule("workflow.value-not-in-list")).isEmpty(); // flowmatch reported once

    Violation ckpt = r.withRule("workflow.checkpoint-loader-split-file").get(0);
    assertThat(ckpt.severity()).isEqualTo(Severity.ERROR);
    assertThat(ckpt.location().get().line()).isEqualTo(3);
    assertThat(r.withRule("workflow.edit-model-without-image")).hasSize(1);
    assertThat(r.withRule("workflow.qwen-custom-node").get(0).path()).isEqualTo("9");
  }

  @Test
  void lint_referenceShapes_areClean() {
    for (String f :
        new String[] {
          "reference/edit2509_lora_cell.json", "reference/t2i_style_plus_character_stack.json"
        }) {
      assertThat(WorkflowRules.lint(WorkflowJson.read(Fixtures.resource(f))).violations())
          .as(f)
          .isEmpty();
    }
  }

  @Test
  void lint_uiFormatAndBrokenJson_areNotApiFormat() {
    ValidationReport ui =
        WorkflowRules.lint(WorkflowJson.read("{\"nodes\": [], \"links\": [], \"version\": 0.4}"));
    assertThat(ui.withRule("workflow.not-api-format").get(0).hint()).contains("Export (API)");

    ValidationReport broken =
        WorkflowRules.lint(WorkflowJson.read("{\n  \"1\": {\"class_type\": }"));
    Violation v = broken.withRule("workflow.not-api-format").get(0);
    assertThat(v.location().get().line()).isEqualTo(2);
  }

  @Test
  void lint_typeMismatchAndMissingInput_areErrorsWithTheInputPath() {
    String text =
        Fixtures.resource("reference/edit2509_lora_cell.json")
            .replace("\"steps\": 28,", "")
            .replace("\"vae\": [\n    \"3\",", "\"vae\": [\n    \"2\",");
    ValidationReport r = WorkflowRules.lint(WorkflowJson.read(text));
    assertThat(r.withRule("workflow.required-input-missing").get(0).path())
        .isEqualTo("9.inputs.steps");
    assertThat(r.withRule("workflow.link-type-mismatch")).isNotEmpty();
    assertThat(r.withRule("workflow.link-type-mismatch").get(0).message())
        .contains("received_type(CLIP) mismatch input_type(VAE)");
  }

  @Test
  void catalogue_findsEveryWorkflowRule() {
    for (var d : WorkflowRules.ALL) {
      assertThat(RuleCatalogue.standard().find(d.id())).contains(d);
    }
  }
}
