package dev.lorakit.cli;

import dev.lorakit.comfyui.LoraStrength;
import dev.lorakit.comfyui.PromptProblem;
import dev.lorakit.comfyui.PromptValidator;
import dev.lorakit.comfyui.QwenWorkflows;
import dev.lorakit.comfyui.SamplerSettings;
import dev.lorakit.comfyui.Workflow;
import dev.lorakit.comfyui.WorkflowJson;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.project.BaseModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lorakit workflow}: ComfyUI workflows lorakit writes outside the grid. */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = "Write ComfyUI API workflows.",
    subcommands = {WorkflowCommand.Stack.class})
final class WorkflowCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code lorakit workflow stack}: chained LoRAs, with a strength sweep. */
  @Command(
      name = "stack",
      mixinStandardHelpOptions = true,
      description =
          "Stack LoRAs in chained LoraLoaderModelOnly nodes (style then character, as the guide"
              + " does). Give several strengths (FILE:0.6,0.7,0.8) to sweep them: one branch per"
              + " combination. For plain LoRAs the order does not change the result; the"
              + " strengths do.")
  static final class Stack implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin OutputOptions output;

    @Option(
        names = "--lora",
        required = true,
        paramLabel = "FILE:STRENGTH[,STRENGTH...]",
        description =
            "A LoRA as ComfyUI names it under models/loras, and its strength(s); repeat, in load"
                + " order.")
    List<String> loras;

    @Option(
        names = "--base-model",
        defaultValue = "qwen-image-edit-2509",
        description =
            "qwen-image, qwen-image-2512, qwen-image-edit, qwen-image-edit-2509"
                + " (default) or qwen-image-edit-2511.")
    String baseModel;

    @Option(
        names = {"-o", "--output"},
        required = true,
        paramLabel = "FILE",
        description = "Where to write the workflow (API format).")
    Path file;

    @Option(
        names = "--prompt",
        defaultValue = "[trigger], portrait, smiling, soft lighting",
        description = "Positive prompt (default: the guide's first evaluation prompt).")
    String prompt;

    @Option(names = "--seed", defaultValue = "42", description = "Sampler seed (default: 42).")
    long seed;

    @Option(
        names = "--image",
        paramLabel = "NAME",
        description = "Reference image in ComfyUI's input folder (edit models need one; up to 3).")
    List<String> images = new ArrayList<>();

    @Option(
        names = "--prefix",
        defaultValue = "stack",
        description = "SaveImage prefix; each branch appends its strengths (default: stack).")
    String prefix;

    @Override
    public Integer call() throws IOException {
      BaseModel model =
          BaseModel.fromId(baseModel)
              .orElseThrow(
                  () ->
                      new UserException(
                          "unknown base model '" + baseModel + "'",
                          "use one of " + BaseModel.ids()));
      if (model.isEditModel() && images.isEmpty()) {
        throw new UserException(
            model.displayName() + " is an edit model and no --image was given",
            "give a reference image in ComfyUI's input folder with --image NAME");
      }
      List<String> names = new ArrayList<>();
      List<List<Double>> strengths = new ArrayList<>();
      for (String l : loras) {
        int colon = l.lastIndexOf(':');
        if (colon <= 0 || colon == l.length() - 1) {
          throw new UserException(
              "--lora '" + l + "' has no strength", "write --lora FILE.safetensors:0.8");
        }
        List<Double> s = new ArrayList<>();
        for (String part : l.substring(colon + 1).split(",")) {
          try {
            double v = Double.parseDouble(part.strip());
            if (!(v >= -100 && v <= 100)) {
              throw new NumberFormatException();
            }
            s.add(v);
          } catch (NumberFormatException e) {
            throw new UserException(
                "strength '" + part + "' of --lora '" + l + "' is not a number from -100 to 100",
                "write --lora FILE.safetensors:0.8 or FILE.safetensors:0.6,0.7,0.8");
          }
        }
        names.add(l.substring(0, colon).replace('\\', '/'));
        strengths.add(s);
      }
      List<List<LoraStrength>> combos = new ArrayList<>();
      combine(names, strengths, 0, new ArrayList<>(), combos);
      Workflow w =
          QwenWorkflows.stack(
              model, combos, prompt, seed, SamplerSettings.builder().build(), images, prefix);
      List<PromptProblem> problems = PromptValidator.standard().problems(w);
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.write(file, WorkflowJson.write(w).getBytes(StandardCharsets.UTF_8));
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow", file.toString().replace('\\', '/'));
        json.put("baseModel", model.id());
        json.put("branches", combos.size());
        json.put("nodes", w.nodes().size());
        List<String> invalid = new ArrayList<>();
        problems.forEach(p -> invalid.add(p.message() + ": " + p.details()));
        json.put("invalid", invalid);
        out.println(Json.write(json));
      } else {
        out.printf(
            Locale.ROOT,
            "wrote %s: %d LoRAs chained, %d branch%s, %d nodes for %s%n",
            file,
            names.size(),
            combos.size(),
            combos.size() == 1 ? "" : "es",
            w.nodes().size(),
            model.displayName());
        out.println(
            "ComfyUI adds each plain LoRA's patch, so the load order does not change the result;"
                + " compare strengths, not orders.");
        problems.forEach(p -> out.println("invalid: " + p.message() + ": " + p.details()));
      }
      return problems.isEmpty() ? Lorakit.OK : Lorakit.FOUND_ERRORS;
    }

    private static void combine(
        List<String> names,
        List<List<Double>> strengths,
        int i,
        List<LoraStrength> current,
        List<List<LoraStrength>> out) {
      if (i == names.size()) {
        out.add(List.copyOf(current));
        return;
      }
      for (double s : strengths.get(i)) {
        current.add(LoraStrength.of(names.get(i), s));
        combine(names, strengths, i + 1, current, out);
        current.remove(current.size() - 1);
      }
    }
  }
}
