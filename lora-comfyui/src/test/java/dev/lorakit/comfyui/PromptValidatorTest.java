package dev.lorakit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected types and texts are ComfyUI's own: execution.py validate_inputs/validate_prompt at
 * a125cd84 (lines cited per test), and the real validator's outputs quoted in comfyui.md.
 */
class PromptValidatorTest {
  private final PromptValidator validator =
      PromptValidator.of(NodeSchemas.standard(), Fixtures.inventory());

  private static Workflow reference() {
    return WorkflowJson.read(Fixtures.resource("reference/edit2509_lora_cell.json")).workflow();
  }

  private static Workflow with(Workflow w, String node, String input, NodeInput value) {
    WorkflowNode n = w.node(node).get();
    Map<String, NodeInput> in = new LinkedHashMap<>(n.inputs());
    if (value == null) {
      in.remove(input);
    } else {
      in.put(input, value);
    }
    Map<String, WorkflowNode> nodes = new LinkedHashMap<>(w.nodes());
    nodes.put(node, WorkflowNode.builder().from(n).inputs(in).build());
    return Workflow.builder().nodes(nodes).build();
  }

  private PromptProblem only(Workflow w) {
    PromptValidation v = validator.validate(w);
    assertThat(v.valid()).isFalse();
    assertThat(v.error().get().type()).isEqualTo("prompt_outputs_failed_validation");
    assertThat(v.nodeErrors()).hasSize(1);
    return v.nodeErrors().values().iterator().next().get(0);
  }

  @Test
  void validate_referenceShapes_pass() {
    // comfyui.md: both files pass ComfyUI's own validator.
    assertThat(validator.validate(reference()).valid()).isTrue();
    Workflow stack =
        WorkflowJson.read(Fixtures.resource("reference/t2i_style_plus_character_stack.json"))
            .workflow();
    assertThat(validator.validate(stack).valid()).isTrue();
  }

  @Test
  void validate_unknownClass_refusesThePromptAtOnce() {
    Workflow w =
        Workflow.builder()
            .from(reference())
            .putNode("99", WorkflowNode.builder().id("99").classType("QwenImageSampler").build())
            .build();
    PromptValidation v = validator.validate(w);
    // execution.py 978-986
    assertThat(v.error().get().type()).isEqualTo("invalid_prompt");
    assertThat(v.error().get().message())
        .isEqualTo("Cannot execute because node QwenImageSampler does not exist.");
    assertThat(v.error().get().details()).isEqualTo("Node ID '#99'");
  }

  @Test
  void validate_flowmatchSampler_isValueNotInListOfLength42() {
    // execution.py 896-915: more than 20 options print as "(list of length N)"; 39 KSAMPLER_NAMES
    // + ddim, uni_pc, uni_pc_bh2 (comfy/samplers.py 730-734, 1054).
    PromptProblem p = only(with(reference(), "9", "sampler_name", NodeInput.literal("flowmatch")));
    assertThat(p.type()).isEqualTo("value_not_in_list");
    assertThat(p.details()).isEqualTo("sampler_name: 'flowmatch' not in (list of length 42)");
  }

  @Test
  void validate_missingRequiredInput_isRequiredInputMissing() {
    PromptProblem p = only(with(reference(), "9", "steps", null));
    assertThat(p.type()).isEqualTo("required_input_missing");
    assertThat(p.message()).isEqualTo("Required input is missing");
    assertThat(p.details()).isEqualTo("steps");
  }

  @Test
  void validate_clipIntoModel_isReturnTypeMismatch() {
    PromptProblem p = only(with(reference(), "9", "model", NodeInput.link("2", 0)));
    // execution.py 785-797
    assertThat(p.type()).isEqualTo("return_type_mismatch");
    assertThat(p.details()).isEqualTo("model, received_type(CLIP) mismatch input_type(MODEL)");
  }

  @Test
  void validate_stepsBelowMinAndTextCfg_areMinAndTypeErrors() {
    PromptProblem min = only(with(reference(), "9", "steps", NodeInput.literal(0L)));
    assertThat(min.type()).isEqualTo("value_smaller_than_min");
    assertThat(min.message()).isEqualTo("Value 0 smaller than min of 1");

    PromptProblem type = only(with(reference(), "9", "cfg", NodeInput.literal("high")));
    assertThat(type.type()).isEqualTo("invalid_input_type");
    assertThat(type.message()).isEqualTo("Failed to convert an input value to a FLOAT value");
    assertThat(type.details()).isEqualTo("cfg, high, could not convert string to float: 'high'");
  }

  @Test
  void validate_numericStringSteps_isConvertedLikePythonInt() {
    // int("28") succeeds in validate_inputs (execution.py 838-840), so the prompt passes.
    assertThat(validator.validate(with(reference(), "9", "steps", NodeInput.literal("28"))).valid())
        .isTrue();
  }

  @Test
  void validate_missingImageInInput_isCustomValidationFailed() {
    PromptProblem p = only(with(reference(), "12", "image", NodeInput.literal("nope.png")));
    // LoadImage.VALIDATE_INPUTS (nodes.py 1699-1704), reported by execution.py 926-944
    assertThat(p.type()).isEqualTo("custom_validation_failed");
    assertThat(p.details()).isEqualTo("image - Invalid image file: nope.png");
  }

  @Test
  void validate_linkToMissingNode_isAnExceptionOfTheLinkingNode() {
    PromptValidation v =
        validator.validate(with(reference(), "10", "vae", NodeInput.link("77", 0)));
    assertThat(v.valid()).isFalse();
    PromptProblem p = v.nodeErrors().get("10").get(0);
    assertThat(p.type()).isEqualTo("exception_during_inner_validation");
    assertThat(p.details()).isEqualTo("'77'");
  }

  @Test
  void validate_noSaveImage_isPromptNoOutputs() {
    Map<String, WorkflowNode> nodes = new LinkedHashMap<>(reference().nodes());
    nodes.remove("11");
    PromptValidation v = validator.validate(Workflow.builder().nodes(nodes).build());
    assertThat(v.error().get().type()).isEqualTo("prompt_no_outputs");
  }

  @Test
  void validate_unreachableBrokenNode_isIgnoredLikeComfyUi() {
    // validate_prompt validates only what the outputs reach (execution.py 1008-1013).
    Workflow w =
        Workflow.builder()
            .from(reference())
            .putNode("50", WorkflowNode.builder().id("50").classType("KSampler").build())
            .build();
    assertThat(validator.validate(w).valid()).isTrue();
    assertThat(validator.problems(w))
        .extracting(PromptProblem::type)
        .contains("required_input_missing");
  }

  @Test
  void typesMatch_followsValidateNodeInput() {
    assertThat(PromptValidator.typesMatch("IMAGE", "IMAGE")).isTrue();
    assertThat(PromptValidator.typesMatch("*", "MODEL")).isTrue();
    assertThat(PromptValidator.typesMatch("STRING,INT", "INT,FLOAT")).isTrue();
    assertThat(PromptValidator.typesMatch("CLIP", "MODEL")).isFalse();
  }
}
