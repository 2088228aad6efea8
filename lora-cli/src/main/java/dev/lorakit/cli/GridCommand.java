package dev.lorakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.comfyui.ComfyClient;
import dev.lorakit.comfyui.ComfyException;
import dev.lorakit.comfyui.GridCell;
import dev.lorakit.comfyui.GridSpec;
import dev.lorakit.comfyui.ImageRef;
import dev.lorakit.comfyui.ModelInventory;
import dev.lorakit.comfyui.NodeSchemas;
import dev.lorakit.comfyui.PromptHistory;
import dev.lorakit.comfyui.PromptProblem;
import dev.lorakit.comfyui.PromptValidator;
import dev.lorakit.comfyui.QwenWorkflows;
import dev.lorakit.comfyui.SamplerSettings;
import dev.lorakit.comfyui.WorkflowJson;
import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.plan.EvaluationGrid;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.LoraProject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit grid}: the evaluation grid as ComfyUI {@code /prompt} bodies plus a manifest,
 * optionally queued on a running ComfyUI with the images downloaded.
 */
@Command(
    name = "grid",
    mixinStandardHelpOptions = true,
    description =
        "Write every cell of the checkpoint x prompt x seed x strength grid as a ComfyUI /prompt"
            + " body with a manifest; with --comfy-url, run it and download the images.")
final class GridCommand implements Callable<Integer> {
  /** The manifest's file name in the output folder; {@code report --grid} reads it. */
  static final String MANIFEST = "manifest.json";

  private static final Pattern STEP = Pattern.compile("_(\\d+)\\.safetensors$");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = "--checkpoints",
      required = true,
      paramLabel = "DIR",
      description = "The run folder with name_000001000.safetensors ... name.safetensors.")
  Path checkpoints;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description = "Folder to write cells/, input/, manifest.json (and images/) into.")
  Path out;

  @Option(
      names = "--lora-subdir",
      paramLabel = "S",
      description =
          "Subfolder of ComfyUI's models/loras holding the checkpoints (default: the name of the"
              + " --checkpoints folder; \"\" for none).")
  String loraSubdir;

  @Option(
      names = "--prompts",
      paramLabel = "F",
      description = "A file with one prompt per line ([trigger] is filled in; # starts a comment).")
  Path prompts;

  @Option(names = "--seeds", paramLabel = "N", description = "Seeds per prompt, from 42.")
  Integer seeds;

  @Option(
      names = "--strengths",
      paramLabel = "0.6,0.7,...",
      split = ",",
      description = "LoRA strengths (default: the guide's 0.6,0.7,0.8,0.9,1.0).")
  List<Double> strengths;

  @Option(
      names = "--comfy-url",
      paramLabel = "URL",
      description = "A running ComfyUI (http://127.0.0.1:8188): queue every cell, fetch images.")
  URI comfyUrl;

  @Option(
      names = "--poll",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Seconds between history polls with --comfy-url (default: 1).")
  double poll;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "60",
      description = "Minutes to wait for one cell with --comfy-url (default: 60).")
  double timeoutMinutes;

  @Override
  public Integer call() throws IOException {
    Workspace ws = projectOptions.open();
    List<Checkpoint> found = scanCheckpoints(checkpoints);
    LoraProject project = withEvaluation(ws.project);
    EvaluationGrid grid = EvaluationGrid.over(project, found);
    BaseModel model = project.baseModel();
    String subdir =
        loraSubdir != null
            ? loraSubdir.strip()
            : checkpoints.toAbsolutePath().normalize().getFileName().toString();
    subdir = subdir.replace('\\', '/').replaceAll("^/+|/+$", "");
    GridSpec spec = GridSpec.forProject(project);
    if (!subdir.isEmpty()) {
      spec = spec.withLoraSubdir(subdir);
    }
    if (model.isEditModel() && !spec.textOnly() && spec.referenceImages().isEmpty()) {
      throw new UserException(
          model.displayName()
              + " is an edit model and the project's samples have no control image to condition"
              + " the grid on",
          "add a control folder to the dataset (or control_images to sampling.prompts in"
              + " lorakit.yaml)");
    }
    List<GridCell> cells = QwenWorkflows.grid(spec, grid);

    // Copy the reference images next to the cells: they go into ComfyUI's input folder.
    List<Map<String, Object>> refs = new ArrayList<>();
    List<Path> refFiles = new ArrayList<>();
    Path inputDir = out.resolve("input");
    for (String r : spec.referenceImages()) {
      Path src = ws.datasetRoot.resolve(r);
      String name = src.getFileName().toString();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", r.replace('\\', '/'));
      m.put("name", name);
      refs.add(m);
      if (!Files.isRegularFile(src)) {
        throw new UserException(
            "reference image '" + r + "' is not a readable file", "check the control images");
      }
      Files.createDirectories(inputDir);
      Files.copy(src, inputDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      refFiles.add(inputDir.resolve(name));
    }

    // Every cell must pass ComfyUI's validation rules with the files the manifest names.
    ModelInventory inventory = inventory(model, cells, spec);
    PromptValidator validator = PromptValidator.of(NodeSchemas.standard(), inventory);
    List<String> invalid = new ArrayList<>();
    Path cellDir = out.resolve("cells");
    Files.createDirectories(cellDir);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (GridCell c : cells) {
      for (PromptProblem p : validator.problems(c.workflow())) {
        invalid.add("cell " + c.number() + ": " + p.message() + ": " + p.details());
      }
      String file = String.format(Locale.ROOT, "cells/cell-%04d.json", c.number());
      AtomicFiles.write(
          out.resolve(file),
          WorkflowJson.promptBody(c.workflow()).getBytes(StandardCharsets.UTF_8));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cell", c.number());
      row.put("file", file);
      row.put("checkpoint", c.cell().checkpoint().file());
      row.put(
          "step",
          c.cell().checkpoint().step().isPresent()
              ? c.cell().checkpoint().step().getAsInt()
              : null);
      row.put("loraName", c.loraName());
      row.put("promptIndex", c.cell().promptIndex());
      row.put("seed", c.cell().seed());
      row.put("strength", c.cell().strength());
      row.put("filenamePrefix", c.filenamePrefix());
      rows.add(row);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("project", project.name());
    manifest.put("baseModel", model.id());
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("diffusion_models", model.comfyUiDiffusionModel());
    files.put("text_encoders", model.comfyUiTextEncoder());
    files.put("vae", model.comfyUiVae());
    files.put("loras", subdir.isEmpty() ? "" : subdir + "/");
    manifest.put("comfyFiles", files);
    manifest.put("referenceImages", refs);
    manifest.put("sampler", sampler(spec.sampler()));
    manifest.put("prompts", grid.prompts());
    manifest.put("seeds", grid.seeds());
    manifest.put("strengths", grid.strengths());
    List<String> ckpts = new ArrayList<>();
    found.forEach(c -> ckpts.add(c.file()));
    manifest.put("checkpoints", ckpts);
    manifest.put("cells", rows);

    int failed = 0;
    if (comfyUrl != null && invalid.isEmpty()) {
      failed = run(cells, rows, refFiles);
      manifest.put("comfyUrl", comfyUrl.toString());
    }
    AtomicFiles.write(out.resolve(MANIFEST), Json.write(manifest).getBytes(StandardCharsets.UTF_8));

    PrintWriter pw = spec().getOut();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("output", out.toString().replace('\\', '/'));
      json.put("cells", cells.size());
      json.put("checkpoints", ckpts.size());
      json.put("baseModel", model.id());
      json.put("loraSubdir", subdir);
      json.put("invalid", invalid);
      json.put("ran", comfyUrl != null && invalid.isEmpty());
      json.put("failed", failed);
      pw.println(Json.write(json));
    } else {
      pw.printf(
          Locale.ROOT,
          "%d cells (%d checkpoints x %d prompts x %d seeds x %d strengths) for %s in %s%n",
          cells.size(),
          ckpts.size(),
          grid.prompts().size(),
          grid.seeds().size(),
          grid.strengths().size(),
          model.displayName(),
          out);
      pw.printf(
          Locale.ROOT,
          "ComfyUI needs models/diffusion_models/%s, models/text_encoders/%s, models/vae/%s,"
              + " the checkpoints in models/loras/%s%s%n",
          model.comfyUiDiffusionModel(),
          model.comfyUiTextEncoder(),
          model.comfyUiVae(),
          subdir.isEmpty() ? "" : subdir + "/",
          refs.isEmpty() ? "" : ", and input/* in ComfyUI's input folder");
      invalid.forEach(i -> pw.println("invalid " + i));
      if (comfyUrl != null && invalid.isEmpty()) {
        pw.printf(
            Locale.ROOT,
            "ran %d cells on %s: %d failed; images in %s%n",
            cells.size(),
            comfyUrl,
            failed,
            out.resolve("images"));
      }
    }
    return invalid.isEmpty() && failed == 0 ? Lorakit.OK : Lorakit.FOUND_ERRORS;
  }

  private picocli.CommandLine spec() {
    return spec.commandLine();
  }

  private int run(List<GridCell> cells, List<Map<String, Object>> rows, List<Path> refs)
      throws IOException {
    Duration timeout = Duration.ofMillis((long) (timeoutMinutes * 60_000));
    try (ComfyClient comfy =
        ComfyClient.of(comfyUrl).withPollInterval(Duration.ofMillis((long) (poll * 1000)))) {
      for (Path r : refs) {
        comfy.uploadImage(r);
      }
      List<String> ids = new ArrayList<>();
      for (GridCell c : cells) {
        ids.add(comfy.queue(c.workflow()));
      }
      int failed = 0;
      for (int i = 0; i < cells.size(); i++) {
        PromptHistory h = comfy.await(ids.get(i), timeout);
        Map<String, Object> row = rows.get(i);
        row.put("promptId", ids.get(i));
        row.put("status", h.status());
        List<String> images = new ArrayList<>();
        for (ImageRef img : h.images()) {
          String rel =
              "images/" + (img.subfolder().isEmpty() ? "" : img.subfolder() + "/") + img.filename();
          Path target = out.resolve(rel);
          Files.createDirectories(target.getParent());
          AtomicFiles.write(target, comfy.view(img));
          images.add(rel);
        }
        row.put("images", images);
        if (!h.completed() || images.isEmpty()) {
          failed++;
        }
      }
      return failed;
    } catch (ComfyException e) {
      throw new UserException(
          "ComfyUI at " + comfyUrl + ": " + e.getMessage(),
          "check that ComfyUI runs there and has the files the manifest names");
    }
  }

  private static Map<String, Object> sampler(SamplerSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sampler_name", s.sampler());
    m.put("scheduler", s.scheduler());
    m.put("steps", s.steps());
    m.put("cfg", s.cfg());
    m.put("shift", s.shift());
    m.put("width", s.width());
    m.put("height", s.height());
    m.put("negative", s.negativePrompt());
    return m;
  }

  /** The files ComfyUI must list for the cells to load: the manifest's, exactly. */
  private static ModelInventory inventory(BaseModel model, List<GridCell> cells, GridSpec spec) {
    List<String> loras = new ArrayList<>();
    cells.forEach(c -> loras.add(c.loraName()));
    List<String> inputs = new ArrayList<>();
    spec.referenceImages().forEach(r -> inputs.add(Path.of(r).getFileName().toString()));
    return ModelInventory.builder()
        .putFolder("diffusion_models", List.of(model.comfyUiDiffusionModel()))
        .putFolder("text_encoders", List.of(model.comfyUiTextEncoder()))
        .putFolder("vae", List.of(model.comfyUiVae()))
        .putFolder("loras", loras.stream().distinct().toList())
        .putFolder("input", inputs)
        .build();
  }

  private LoraProject withEvaluation(LoraProject project) throws IOException {
    var e = EvaluationSettings.builder().from(project.evaluation());
    if (prompts != null) {
      if (!Files.isRegularFile(prompts)) {
        throw new UserException("'" + prompts + "' is not a readable file", "give a prompts file");
      }
      List<String> list = new ArrayList<>();
      for (String line : Files.readAllLines(prompts, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          list.add(t);
        }
      }
      if (list.isEmpty()) {
        throw new UserException("'" + prompts + "' has no prompt", "write one prompt per line");
      }
      e.prompts(list);
    }
    if (seeds != null) {
      if (seeds < 1) {
        throw new UserException("--seeds " + seeds + " is below 1", "give 5 to 10 seeds");
      }
      e.seedsPerPrompt(seeds);
    }
    if (strengths != null) {
      for (double s : strengths) {
        if (!(s >= -100 && s <= 100)) {
          throw new UserException(
              "strength " + s + " is outside LoraLoaderModelOnly's -100..100",
              "give strengths such as 0.6,0.7,0.8,0.9,1.0");
        }
      }
      e.strengths(strengths);
    }
    return LoraProject.builder().from(project).evaluation(e.build()).build();
  }

  /** The run folder's checkpoints by step, the unsuffixed final save last. */
  static List<Checkpoint> scanCheckpoints(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          "'" + dir + "' is not a readable folder",
          "give the run's output folder to --checkpoints");
    }
    List<Checkpoint> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p) || !name.toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
          continue;
        }
        Matcher m = STEP.matcher(name);
        var b = Checkpoint.builder().file(name);
        if (m.find()) {
          b.step(Integer.parseInt(m.group(1)));
        } else {
          b.isFinal(true);
        }
        found.add(b.build());
      }
    }
    if (found.isEmpty()) {
      throw new UserException(
          "no .safetensors files in '" + dir + "'",
          "give the run's output folder to --checkpoints");
    }
    found.sort(
        Comparator.comparing((Checkpoint c) -> c.isFinal())
            .thenComparingInt(c -> c.step().orElse(Integer.MAX_VALUE))
            .thenComparing(Checkpoint::file));
    return found;
  }

  /** Reads a grid folder's manifest, for {@code report --grid}. */
  static JsonNode readManifest(Path dir) {
    try {
      return new ObjectMapper().readTree(dir.resolve(MANIFEST).toFile());
    } catch (IOException e) {
      throw new UserException(
          "cannot read " + dir.resolve(MANIFEST) + ": " + e.getMessage(),
          "give the -o folder of lorakit grid to --grid");
    }
  }
}
