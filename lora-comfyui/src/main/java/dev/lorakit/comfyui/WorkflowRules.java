package dev.lorakit.comfyui;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.RuleCatalogue;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Subject;
import dev.lorakit.core.validation.ValidationReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code workflow.*} rules over a user's ComfyUI API workflow: what ComfyUI's validator rejects
 * (replayed by {@link PromptValidator} over {@link NodeSchemas}), and the mistakes of the guide's
 * ComfyUI section ({@code comfyui.md} §1, "What the guide itself says"). One walk reports each at
 * the line and column of the node or input.
 *
 * <pre>{@code
 * ValidationReport r = WorkflowRules.lint(WorkflowJson.read(Files.readString(path)));
 * r.withRule("workflow.flowmatch-sampler");
 * }</pre>
 */
public final class WorkflowRules {
  /** A ComfyUI API workflow file, as read with positions. */
  public static final Subject<ParsedWorkflow> WORKFLOW =
      Subject.of("workflow", 60, "ComfyUI workflow rules", ParsedWorkflow.class);

  private static final String VALIDATOR = "ComfyUI execution.py validate_inputs (a125cd84)";

  public static final RuleDescriptor NOT_API_FORMAT =
      descriptor(
          "workflow.not-api-format",
          Severity.ERROR,
          "the file is not a ComfyUI API workflow (invalid JSON, or the UI format)",
          "POST /prompt takes the API format: node ids to {class_type, inputs}; the UI format's"
              + " nodes and links arrays are rejected",
          "export the workflow with Workflow > Export (API), or fix the JSON at the position given",
          "ComfyUI server.py post_prompt");
  public static final RuleDescriptor MISSING_CLASS_TYPE =
      descriptor(
          "workflow.missing-class-type",
          Severity.ERROR,
          "a node has no class_type",
          "validate_prompt refuses the whole prompt: \"a node is missing the class_type property\"",
          "give the node its class_type, such as \"KSampler\"",
          "ComfyUI execution.py validate_prompt 968-976");
  public static final RuleDescriptor UNKNOWN_NODE =
      descriptor(
          "workflow.unknown-node",
          Severity.WARNING,
          "a node class that is not in lorakit's table of ComfyUI core nodes",
          "if the class is not installed, validate_prompt refuses the whole prompt (\"node X does"
              + " not exist\"); lorakit can only check the classes it knows",
          "check the class name, or install the custom node that provides it",
          "ComfyUI execution.py validate_prompt 978-986");
  public static final RuleDescriptor QWEN_CUSTOM_NODE =
      descriptor(
          "workflow.qwen-custom-node",
          Severity.WARNING,
          "a Qwen node class that is not part of ComfyUI: the guide's ComfyUI-Qwen-Image custom"
              + " node, or another package",
          "ComfyUI supports Qwen-Image natively (UNETLoader, CLIPLoader type qwen_image,"
              + " TextEncodeQwenImageEdit/Plus); the guide's custom node is not needed",
          "use the native nodes: UNETLoader, CLIPLoader (type qwen_image), VAELoader and the"
              + " model's text-encode node",
          "guide: ComfyUI Usage Guide, Installation; comfyui.md §1");
  public static final RuleDescriptor REQUIRED_INPUT_MISSING =
      descriptor(
          "workflow.required-input-missing",
          Severity.ERROR,
          "a required input of a node is missing",
          "validate_inputs reports required_input_missing and the output is not run",
          "add the input, as a value or a link [node id, output index]",
          VALIDATOR + " 756-767");
  public static final RuleDescriptor BAD_LINK =
      descriptor(
          "workflow.bad-link",
          Severity.ERROR,
          "a link that is not [node id, output index], names no node, or an output it lacks",
          "ComfyUI reports bad_linked_input, or raises while validating (KeyError, IndexError)",
          "link to an existing node id as a string and an index into its outputs",
          VALIDATOR + " 770-830");
  public static final RuleDescriptor LINK_TYPE_MISMATCH =
      descriptor(
          "workflow.link-type-mismatch",
          Severity.ERROR,
          "a link whose output type does not fit the input (a CLIP into a MODEL input)",
          "validate_node_input fails: return_type_mismatch",
          "link the input to a node output of the type it takes",
          VALIDATOR + " 785-802; comfy_execution/validation.py");
  public static final RuleDescriptor INVALID_VALUE =
      descriptor(
          "workflow.invalid-value",
          Severity.ERROR,
          "a value that is not a number where one is needed, or outside the input's min and max",
          "validate_inputs reports invalid_input_type, value_smaller_than_min or"
              + " value_bigger_than_max",
          "give a value of the input's type within its bounds",
          VALIDATOR + " 833-890");
  public static final RuleDescriptor VALUE_NOT_IN_LIST =
      descriptor(
          "workflow.value-not-in-list",
          Severity.ERROR,
          "a value that is not one of the input's allowed values (sampler, scheduler, type)",
          "validate_inputs reports value_not_in_list",
          "pick one of the allowed values named in the hint",
          VALIDATOR + " 892-915");
  public static final RuleDescriptor NO_OUTPUT =
      descriptor(
          "workflow.no-output",
          Severity.ERROR,
          "no output node (SaveImage, PreviewImage)",
          "validate_prompt refuses a prompt without outputs: prompt_no_outputs",
          "end the graph in a SaveImage node",
          "ComfyUI execution.py validate_prompt 993-1000");
  public static final RuleDescriptor FLOWMATCH_SAMPLER =
      descriptor(
          "workflow.flowmatch-sampler",
          Severity.ERROR,
          "sampler_name or scheduler flowmatch, as the guide's KSampler step says",
          "flowmatch is ai-toolkit's sampler name, not ComfyUI's: value_not_in_list; Qwen's flow"
              + " matching comes from ModelSamplingAuraFlow, with euler and simple",
          "set sampler_name to euler and scheduler to simple, after ModelSamplingAuraFlow (shift"
              + " 3.1)",
          "guide: ComfyUI Usage Guide, Basic Workflow step 4; comfyui.md §1");
  public static final RuleDescriptor CHECKPOINT_LOADER_SPLIT_FILE =
      descriptor(
          "workflow.checkpoint-loader-split-file",
          Severity.ERROR,
          "CheckpointLoaderSimple (Load Checkpoint) with a split Qwen diffusion-model file",
          "with a diffusion-model-only file, load_state_dict_guess_config returns no CLIP and no"
              + " VAE, so a text encode fails with \"clip input is invalid: None\"",
          "load the model with UNETLoader, the text encoder with CLIPLoader (type qwen_image) and"
              + " the VAE with VAELoader",
          "guide: ComfyUI Usage Guide, Basic Workflow step 1; comfyui.md §1 (comfy/sd.py"
              + " 1191-1197, nodes.py 72)");
  public static final RuleDescriptor EDIT_WITHOUT_IMAGE =
      descriptor(
          "workflow.edit-model-without-image",
          Severity.WARNING,
          "a Qwen edit model sampled without a reference image",
          "without TextEncodeQwenImageEdit(Plus) and an image the edit model runs as"
              + " text-to-image, not on the (control, target) task the LoRA was trained on",
          "encode both prompts with TextEncodeQwenImageEditPlus (Edit-2509/2511) or"
              + " TextEncodeQwenImageEdit (Edit) with the VAE and a LoadImage of a control image",
          "comfyui.md W1; ComfyUI comfy_extras/nodes_qwen.py 8-104");

  /** Every rule of this class, in the order the walk reports them. */
  public static final List<RuleDescriptor> ALL =
      List.of(
          NOT_API_FORMAT,
          MISSING_CLASS_TYPE,
          UNKNOWN_NODE,
          QWEN_CUSTOM_NODE,
          REQUIRED_INPUT_MISSING,
          BAD_LINK,
          LINK_TYPE_MISMATCH,
          INVALID_VALUE,
          VALUE_NOT_IN_LIST,
          NO_OUTPUT,
          FLOWMATCH_SAMPLER,
          CHECKPOINT_LOADER_SPLIT_FILE,
          EDIT_WITHOUT_IMAGE);

  private WorkflowRules() {}

  private static RuleDescriptor descriptor(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .subject(WORKFLOW)
        .severity(severity)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }

  /** Runs the catalogue's workflow rules (these, and any a user registered) on {@code parsed}. */
  public static ValidationReport lint(ParsedWorkflow parsed) {
    return RuleCatalogue.standard().check(WORKFLOW, parsed);
  }

  /** The one walk behind every rule of this class. */
  static void check(ParsedWorkflow parsed, Findings f) {
    if (parsed.problem().isPresent()) {
      report(
          f,
          NOT_API_FORMAT,
          NOT_API_FORMAT.severity(),
          "",
          parsed.problemLocation().orElse(null),
          parsed.problem().get(),
          parsed.uiFormat()
              ? "export the workflow with Workflow > Export (API) and lint that file"
              : "fix the JSON at the line and column given",
          null,
          null);
      return;
    }
    Workflow w = parsed.workflow();
    NodeSchemas schemas = NodeSchemas.standard();
    Set<String> flowmatch = new HashSet<>();
    for (WorkflowNode n : w.nodes().values()) {
      for (String input : List.of("sampler_name", "scheduler")) {
        if (n.string(input).filter(v -> v.strip().equalsIgnoreCase("flowmatch")).isPresent()) {
          flowmatch.add(n.id() + "." + input);
          report(
              f,
              FLOWMATCH_SAMPLER,
              FLOWMATCH_SAMPLER.severity(),
              n.id() + ".inputs." + input,
              parsed.location(n.id(), input).orElse(null),
              String.format(
                  Locale.ROOT,
                  "%s '%s' of node %s is not a ComfyUI %s",
                  input,
                  n.string(input).get(),
                  n.id(),
                  input.equals("scheduler") ? "scheduler" : "sampler"),
              input.equals("scheduler")
                  ? "set scheduler to simple"
                  : "set sampler_name to euler and scheduler to simple",
              n.string(input).get(),
              input.equals("scheduler") ? "simple" : "euler");
        }
      }
    }
    for (PromptProblem p : PromptValidator.standard().problems(w)) {
      String node = p.nodeId().orElse("");
      String path = p.input().map(i -> node + ".inputs." + i).orElse(node);
      SourceLocation at =
          p.input()
              .flatMap(i -> parsed.location(node, i))
              .or(() -> parsed.location(node))
              .orElse(null);
      String cls = p.classType().orElse("?");
      switch (p.type()) {
        case "invalid_prompt" -> {
          if (p.classType().isEmpty()) {
            report(
                f,
                MISSING_CLASS_TYPE,
                MISSING_CLASS_TYPE.severity(),
                node,
                at,
                "node " + node + " has no class_type",
                "add \"class_type\" to node " + node,
                null,
                null);
          } else if (cls.toLowerCase(Locale.ROOT).contains("qwen")) {
            report(
                f,
                QWEN_CUSTOM_NODE,
                QWEN_CUSTOM_NODE.severity(),
                node,
                at,
                "node " + node + " uses " + cls + ", which is not a ComfyUI core node",
                "replace it with ComfyUI's native Qwen nodes (UNETLoader, CLIPLoader type"
                    + " qwen_image, TextEncodeQwenImageEditPlus); the guide's custom node is not"
                    + " needed",
                cls,
                null);
          } else {
            report(
                f,
                UNKNOWN_NODE,
                UNKNOWN_NODE.severity(),
                node,
                at,
                "node "
                    + node
                    + " uses "
                    + cls
                    + ", which is not in lorakit's table of "
                    + schemas.classTypes().size()
                    + " ComfyUI nodes",
                "check the class name, or install the custom node that provides " + cls,
                cls,
                null);
          }
        }
        case "prompt_no_outputs" ->
            report(
                f,
                NO_OUTPUT,
                NO_OUTPUT.severity(),
                "",
                null,
                "the workflow has no output node",
                "add a SaveImage node fed by VAEDecode",
                null,
                null);
        case "required_input_missing" ->
            report(
                f,
                REQUIRED_INPUT_MISSING,
                REQUIRED_INPUT_MISSING.severity(),
                path,
                at,
                String.format(
                    Locale.ROOT, "%s %s has no required input %s", cls, node, p.details()),
                "add " + p.details() + " to node " + node,
                null,
                p.details());
        case "bad_linked_input",
            "exception_during_validation",
            "exception_during_inner_validation" ->
            report(
                f,
                BAD_LINK,
                BAD_LINK.severity(),
                path,
                at,
                String.format(
                    Locale.ROOT,
                    "%s %s: %s (%s)",
                    cls,
                    node,
                    p.message().toLowerCase(Locale.ROOT),
                    p.details()),
                "link "
                    + p.input().orElse("the input")
                    + " to [\"<node id>\", <output index>] of an existing node",
                null,
                null);
        case "return_type_mismatch" -> {
          Optional<InputSpec> spec = schemas.find(cls).flatMap(s -> s.input(p.input().orElse("")));
          report(
              f,
              LINK_TYPE_MISMATCH,
              LINK_TYPE_MISMATCH.severity(),
              path,
              at,
              String.format(Locale.ROOT, "%s %s: %s", cls, node, p.details()),
              "link "
                  + p.input().orElse("the input")
                  + " to an output of type "
                  + spec.map(InputSpec::type).orElse("?"),
              null,
              spec.map(InputSpec::type).orElse(null));
        }
        case "invalid_input_type",
            "value_smaller_than_min",
            "value_bigger_than_max",
            "custom_validation_failed" -> {
          Optional<InputSpec> spec = schemas.find(cls).flatMap(s -> s.input(p.input().orElse("")));
          report(
              f,
              INVALID_VALUE,
              INVALID_VALUE.severity(),
              path,
              at,
              String.format(
                  Locale.ROOT,
                  "%s %s input %s: %s",
                  cls,
                  node,
                  p.input().orElse("?"),
                  p.message().toLowerCase(Locale.ROOT)),
              spec.map(WorkflowRules::boundsHint).orElse("give a valid value"),
              null,
              spec.map(WorkflowRules::bounds).orElse(null));
        }
        case "value_not_in_list" -> {
          if (flowmatch.contains(node + "." + p.input().orElse(""))) {
            continue;
          }
          Optional<InputSpec> spec = schemas.find(cls).flatMap(s -> s.input(p.input().orElse("")));
          List<String> options = spec.map(InputSpec::options).orElse(List.of());
          report(
              f,
              VALUE_NOT_IN_LIST,
              VALUE_NOT_IN_LIST.severity(),
              path,
              at,
              String.format(Locale.ROOT, "%s %s: %s", cls, node, p.details()),
              "use one of "
                  + String.join(", ", options.subList(0, Math.min(12, options.size())))
                  + (options.size() > 12 ? ", ..." : ""),
              null,
              null);
        }
        default ->
            report(
                f,
                BAD_LINK,
                BAD_LINK.severity(),
                path,
                at,
                p.message() + ": " + p.details(),
                "fix node " + node,
                null,
                null);
      }
    }
    checkpointLoader(parsed, f);
    editWithoutImage(parsed, f);
  }

  private static String bounds(InputSpec s) {
    return s.min().isPresent() && s.max().isPresent()
        ? PromptValidator.python(s.min().getAsDouble())
            + ".."
            + PromptValidator.python(s.max().getAsDouble())
        : s.type();
  }

  private static String boundsHint(InputSpec s) {
    return s.min().isPresent() && s.max().isPresent()
        ? "give a " + s.type() + " from " + bounds(s).replace("..", " to ")
        : "give a " + s.type() + " value";
  }

  /** Whether a model file name is one of Qwen's split diffusion-model files. */
  static Optional<BaseModel> qwenSplitFile(String name) {
    String file = QwenWorkflows.fileName(name).toLowerCase(Locale.ROOT);
    BaseModel best = null;
    for (BaseModel m : BaseModel.values()) {
      String stem = QwenWorkflows.stem(m.comfyUiDiffusionModel()).replace("_fp8_e4m3fn", "");
      if (file.replace('-', '_').startsWith(stem)
          && (best == null
              || stem.length()
                  > QwenWorkflows.stem(best.comfyUiDiffusionModel())
                      .replace("_fp8_e4m3fn", "")
                      .length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  private static void checkpointLoader(ParsedWorkflow parsed, Findings f) {
    Workflow w = parsed.workflow();
    for (WorkflowNode n : w.nodesOf("CheckpointLoaderSimple")) {
      Optional<String> ckpt = n.string("ckpt_name");
      if (ckpt.isEmpty() || qwenSplitFile(ckpt.get()).isEmpty()) {
        continue;
      }
      boolean clipOrVaeUsed = false;
      for (WorkflowNode other : w.nodes().values()) {
        for (NodeInput in : other.inputs().values()) {
          if (in.link().filter(l -> l.node().equals(n.id()) && l.output() > 0).isPresent()) {
            clipOrVaeUsed = true;
          }
        }
      }
      report(
          f,
          CHECKPOINT_LOADER_SPLIT_FILE,
          clipOrVaeUsed ? Severity.ERROR : Severity.WARNING,
          n.id() + ".inputs.ckpt_name",
          parsed.location(n.id(), "ckpt_name").orElse(null),
          "CheckpointLoaderSimple "
              + n.id()
              + " loads '"
              + ckpt.get()
              + "', a diffusion-model-only file: its CLIP and VAE outputs are None"
              + (clipOrVaeUsed ? " and are used" : ""),
          "load it with UNETLoader from models/diffusion_models, plus CLIPLoader (type"
              + " qwen_image) and VAELoader",
          ckpt.get(),
          "UNETLoader");
    }
  }

  private static void editWithoutImage(ParsedWorkflow parsed, Findings f) {
    Workflow w = parsed.workflow();
    List<WorkflowNode> loaders = new ArrayList<>(w.nodesOf("UNETLoader"));
    loaders.addAll(w.nodesOf("CheckpointLoaderSimple"));
    for (WorkflowNode n : loaders) {
      String input = n.classType().get().equals("UNETLoader") ? "unet_name" : "ckpt_name";
      Optional<BaseModel> model = n.string(input).flatMap(WorkflowRules::qwenSplitFile);
      if (model.isEmpty() || !model.get().isEditModel()) {
        continue;
      }
      boolean conditioned = false;
      for (String encoder : List.of("TextEncodeQwenImageEdit", "TextEncodeQwenImageEditPlus")) {
        for (WorkflowNode e : w.nodesOf(encoder)) {
          for (String image : List.of("image", "image1", "image2", "image3")) {
            conditioned |= e.input(image).filter(NodeInput::isLink).isPresent();
          }
        }
      }
      if (!conditioned) {
        report(
            f,
            EDIT_WITHOUT_IMAGE,
            EDIT_WITHOUT_IMAGE.severity(),
            n.id() + ".inputs." + input,
            parsed.location(n.id(), input).orElse(null),
            String.format(
                Locale.ROOT,
                "%s is an edit model, but no %s node gets an image",
                model.get().displayName(),
                model.get().comfyUiTextEncodeNode().equals("CLIPTextEncode")
                    ? "TextEncodeQwenImageEditPlus"
                    : model.get().comfyUiTextEncodeNode()),
            "encode the positive and the negative prompt with "
                + model.get().comfyUiTextEncodeNode()
                + " (clip, prompt, vae, a LoadImage of a control image)",
            n.string(input).get(),
            model.get().comfyUiTextEncodeNode());
      }
    }
  }

  private static void report(
      Findings f,
      RuleDescriptor rule,
      Severity severity,
      String path,
      SourceLocation at,
      String message,
      String hint,
      Object value,
      Object bound) {
    f.report(rule, severity, path, at, message, hint, value, bound);
  }
}
