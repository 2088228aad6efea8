package dev.lorakit.cli;

import dev.lorakit.comfyui.GridSpec;
import dev.lorakit.comfyui.QwenWorkflows;
import dev.lorakit.comfyui.WorkflowJson;
import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.EvaluationGrid;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.lora.CheckpointReport;
import dev.lorakit.safetensors.lora.CheckpointSeries;
import dev.lorakit.safetensors.lora.LoraFiles;
import dev.lorakit.safetensors.lora.LoraInspector;
import dev.lorakit.safetensors.lora.SeriesRow;
import dev.lorakit.testkit.ExampleDataset;
import dev.lorakit.yaml.AiToolkitLinter;
import dev.lorakit.yaml.AiToolkitWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit demo}: the whole chain on a generated example, no input and no network: the
 * guide's config checked as written, then a generated dataset with three planted defects scanned
 * and checked, planned, written as an ai-toolkit config and linted, a generated LoRA inspected, and
 * the evaluation grid exported.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole chain on a generated example project (no input, no network).")
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Write the example files here (default: a new temporary folder).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    // In JSON mode stdout carries one JSON document and nothing else.
    PrintWriter out = output.json() ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;
    Path work =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lorakit-demo-");
    Map<String, Object> json = new LinkedHashMap<>();

    // 1. The guide as written.
    ValidationReport guide = RuleEngine.qwenCharacter().check(ExampleProjects.guideAsWritten());
    json.put("guideAsWritten", ReportView.json(guide));
    step(out, 1, "The guide's own project, checked as written");
    out.printf(
        Locale.ROOT,
        "   %d errors, %d warnings: %s%n",
        guide.errors().size(),
        guide.warnings().size(),
        guide.violations().stream()
            .map(Violation::ruleId)
            .distinct()
            .collect(Collectors.joining(", ")));

    // 2. A generated dataset with three planted defects.
    Path data = work.resolve("dataset");
    ExampleDataset.Layout layout =
        ExampleDataset.builder("maya_char")
            .characterImages(14)
            .bodyImages(6)
            .defects(EnumSet.allOf(ExampleDataset.Defect.class))
            .write(data, new SplittableRandom(2026));
    Workspace.Options options = new Workspace.Options();
    options.quiet = true;
    Workspace ws = Workspace.open(data, options);
    ValidationReport check = ws.check();
    json.put("dataset", CheckCommand.datasetJson(ws.project.dataset(), ws.snapshot.orElse(null)));
    json.put("check", ReportView.json(check));
    step(
        out, 2, "Generated dataset " + data + " (14 character + 6 body images, 1024 px, controls)");
    out.println("   planted defects: " + layout.defectFiles());
    for (Violation v : check.violations()) {
      if (v.severity() != Severity.INFO) {
        out.printf(Locale.ROOT, "   %-7s %-34s %s%n", v.severity(), v.ruleId(), v.path());
      }
    }

    // 3. Plan it (as if the defects were fixed: the planner needs only counts and sizes).
    LoraProject project = ws.project;
    TrainingPlan plan = TrainingPlanner.defaults().withImageSizes(ws.imageSizes()).plan(project);
    json.put("plan", PlanCommand.json(plan));
    step(out, 3, "Plan");
    out.printf(
        Locale.ROOT,
        "   %d samples/epoch, %s steps/epoch, %d steps for %s epochs, save_every %d, %d checkpoints%n",
        plan.budget().samplesPerEpoch(),
        Numbers.rounded(plan.budget().stepsPerEpoch()),
        plan.budget().totalSteps(),
        Numbers.rounded(plan.budget().epochs()),
        plan.budget().saveEvery(),
        plan.checkpoints().size());
    out.printf(
        Locale.ROOT,
        "   memory %.1f GB of %d GB on %s; about %.1f h and $%.2f (planning table)%n",
        plan.memory().totalGb(),
        plan.gpu().memoryGb(),
        plan.gpu().displayName(),
        plan.time().totalHours(),
        plan.time().costUsd().orElse(0));

    // 4. The ai-toolkit config, linted.
    Path config = work.resolve("ai-toolkit.yaml");
    Files.writeString(
        config,
        AiToolkitWriter.create().withImageSizes(ws.imageSizes()).toYaml(project),
        StandardCharsets.UTF_8);
    ValidationReport lint = AiToolkitLinter.standard().lint(config);
    json.put("config", config.toString());
    json.put("lint", ReportView.json(lint));
    step(out, 4, "ai-toolkit config " + config);
    out.printf(
        Locale.ROOT,
        "   lint: %d errors, %d warnings%n",
        lint.errors().size(),
        lint.warnings().size());

    // 5. A small generated LoRA run, inspected.
    Path run = Files.createDirectories(work.resolve("run"));
    List<Checkpoint> planned = plan.checkpoints();
    for (int i = planned.size() - 3; i < planned.size(); i++) {
      Checkpoint c = planned.get(i);
      LoraFiles.qwen()
          .rank(16)
          .blocks(2)
          .seed(i)
          .magnitude(0.002f * (i + 1))
          .step(c.step().getAsInt())
          .epoch(c.epoch().getAsInt())
          .name(project.name())
          .write(run.resolve(c.file()));
    }
    CheckpointReport inspected =
        LoraInspector.inspect(run.resolve(planned.get(planned.size() - 1).file()));
    json.put("inspect", InspectCommand.json(inspected, null));
    step(out, 5, "Generated LoRA checkpoints in " + run + " (2 of 60 blocks, to stay small)");
    out.printf(
        Locale.ROOT,
        "   %s: %s, base model %s, rank %s, alpha %s (%s), %d modules, %,d parameters%n",
        inspected.file(),
        inspected.format(),
        inspected.baseModel().orElse("?"),
        inspected.rank().isPresent() ? inspected.rank().getAsInt() : "mixed",
        inspected.alpha().isPresent() ? Numbers.rounded(inspected.alpha().getAsDouble()) : "-",
        inspected.alphaSource().map(Enum::name).orElse("-"),
        inspected.moduleCount(),
        inspected.parameters());
    for (SeriesRow r : CheckpointSeries.scan(run).rows()) {
      out.printf(
          Locale.ROOT,
          "   step %5s epoch %3s ||dW|| %.4f%n",
          r.step().isPresent() ? r.step().getAsInt() : "final",
          r.epoch().isPresent() ? r.epoch().getAsInt() : "-",
          r.totalDeltaNorm().orElse(0));
    }

    // 6. The evaluation grid.
    EvaluationGrid grid = plan.evaluation();
    Path workflow = work.resolve("comfyui-cell-1.json");
    Files.writeString(
        workflow,
        WorkflowJson.write(
            QwenWorkflows.cell(GridSpec.forProject(project), grid.cells().get(0), 1).workflow()),
        StandardCharsets.UTF_8);
    json.put("evaluationGridSize", grid.size());
    json.put("comfyWorkflow", workflow.toString());
    step(out, 6, "Evaluation grid");
    out.printf(
        Locale.ROOT,
        "   %d prompts x %d seeds x %d strengths x %d checkpoints = %d images; first cell as ComfyUI API JSON: %s%n",
        grid.prompts().size(),
        grid.seeds().size(),
        grid.strengths().size(),
        grid.checkpoints().size(),
        grid.size(),
        workflow);

    if (output.json()) {
      stdout.println(Json.write(json));
    } else {
      out.println();
      out.println("Files are in " + work);
    }
    return Lorakit.OK;
  }

  private static void step(PrintWriter out, int n, String title) {
    out.println();
    out.println(n + ". " + title);
  }
}
