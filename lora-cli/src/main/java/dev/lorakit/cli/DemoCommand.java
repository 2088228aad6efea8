package dev.lorakit.cli;

import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.rules.ValidationReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lorakit demo}: the guide's project as written, checked, with no input and no network. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Check the guide's example project as the guide writes it (no input, no network).")
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LoraProject project = ExampleProjects.guideAsWritten();
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    StepBudget budget = StepBudget.compute(project).orElseThrow();
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("project", project.name());
      json.put("dataset", CheckCommand.datasetJson(project.dataset()));
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.println("lorakit demo: the guide's project exactly as the guide writes it");
      out.println("  70 character images x 40 repeats + 30 body photos x 20 repeats,");
      out.println("  rank 16, lr 2e-4, steps 3400 'and' 10 epochs, gradient_accumulation_steps 4,");
      out.println("  resolution [1024, 1024], save_every 340, int8, Qwen-Image-Edit-2509.");
      out.println();
      out.println("1. Step budget in ai-toolkit's real semantics:");
      for (String line : budget.formula().split("\n")) {
        out.println("   " + line);
      }
      out.println();
      out.println("2. Validation (profile qwen-character):");
      ReportView.text(report, out);
    }
    // The demo shows defects on purpose; it ran as intended.
    return Lorakit.OK;
  }
}
