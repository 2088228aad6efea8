package dev.lorakit.cli;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.plan.Symptom;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.plan.TuningAdvice;
import dev.lorakit.core.plan.TuningAdvisor;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.runpod.training.SpeedLog;
import java.io.PrintWriter;
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

/** {@code lorakit plan}: step budget, checkpoints, estimates and the evaluation grid. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Step budget, checkpoint schedule, memory, time and cost estimate of a project.")
final class PlanCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = "--seconds-per-step",
      description = "Measured seconds per step (ai-toolkit shows sec/iter); replaces the table.")
  Double secondsPerStep;

  @Option(names = "--price-per-hour", description = "GPU price in USD per hour.")
  Double pricePerHour;

  @Option(
      names = "--symptom",
      paramLabel = "SYMPTOM",
      description =
          "A symptom seen in the last run (repeatable): plastic-skin, face-inconsistency,"
              + " background-bleed, wrong-proportions, overfit, underfit. Plans the adjusted project.")
  List<String> symptoms = new ArrayList<>();

  @Override
  public Integer call() {
    Workspace ws = projectOptions.open();
    LoraProject project = ws.project;
    PrintWriter out = spec.commandLine().getOut();
    if (!symptoms.isEmpty()) {
      java.util.EnumSet<Symptom> set = java.util.EnumSet.noneOf(Symptom.class);
      for (String id : symptoms) {
        set.add(
            Symptom.fromId(id)
                .orElseThrow(
                    () ->
                        new UserException(
                            "unknown symptom '" + id + "'",
                            "use plastic-skin, face-inconsistency, background-bleed,"
                                + " wrong-proportions, overfit or underfit")));
      }
      TuningAdvice advice = TuningAdvisor.advise(project, set);
      if (!output.json()) {
        out.println("Advice for " + set + ":");
        advice.changes().forEach(c -> out.println("  change " + c));
        advice.resolutions().forEach(r -> out.println("  conflict: " + r));
        advice.actions().forEach(a -> out.println("  do: " + a));
        out.println();
      }
      project = advice.project();
    }
    TrainingPlanner planner = planner(project).withImageSizes(ws.imageSizes());
    if (!output.json()) {
      out.println("Seconds per step: " + speedSource);
    }
    int code = print(project, planner, output, out, speedSource);
    return code;
  }

  /** Where the seconds per step came from, as printed and in JSON {@code secondsPerStepSource}. */
  private String speedSource = "planning table";

  private TrainingPlanner planner(LoraProject project) {
    TrainingPlanner planner = TrainingPlanner.defaults();
    if (secondsPerStep != null) {
      if (!(secondsPerStep > 0)) {
        throw new UserException("--seconds-per-step must be positive", "give a value such as 4.5");
      }
      planner = planner.withSecondsPerStep(secondsPerStep);
      speedSource = "--seconds-per-step";
    } else {
      // A run on the same GPU, model, resolution, batch and qtype measured it: prefer that.
      SpeedLog log = SpeedLog.standard();
      SpeedLog.Key key = SpeedLog.Key.of(project);
      try {
        java.util.OptionalDouble measured = log.secondsPerStep(key);
        if (measured.isPresent()) {
          planner = planner.withSecondsPerStep(measured.getAsDouble());
          speedSource = log.describe(key).orElse("measured") + " (" + log.file() + ")";
        } else {
          speedSource = "planning table (no run measured " + key + ")";
        }
      } catch (java.io.IOException e) {
        speedSource = "planning table (" + log.file() + " unreadable: " + e.getMessage() + ")";
      }
    }
    if (pricePerHour != null) {
      if (!(pricePerHour >= 0)) {
        throw new UserException(
            "--price-per-hour must not be negative", "give a value such as 0.99");
      }
      planner = planner.withPricePerHour(pricePerHour);
    }
    return planner;
  }

  static int print(
      LoraProject project, TrainingPlanner planner, OutputOptions output, PrintWriter out) {
    return print(project, planner, output, out, null);
  }

  static int print(
      LoraProject project,
      TrainingPlanner planner,
      OutputOptions output,
      PrintWriter out,
      String speedSource) {
    TrainingPlan plan;
    try {
      plan = planner.plan(project);
    } catch (LoraValidationException e) {
      if (output.json()) {
        out.println(Json.write(ReportView.json(e.report())));
      } else {
        ReportView.text(e.report(), out);
      }
      return Lorakit.FOUND_ERRORS;
    }
    if (output.json()) {
      Map<String, Object> m = json(plan);
      if (speedSource != null) {
        m.put("secondsPerStepSource", speedSource);
      }
      out.println(Json.write(m));
    } else {
      text(plan, out);
    }
    return Lorakit.OK;
  }

  static Map<String, Object> json(TrainingPlan plan) {
    StepBudget b = plan.budget();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", plan.project().name());
    m.put("baseModel", plan.project().baseModel().id());
    m.put("samplesPerEpoch", b.samplesPerEpoch());
    m.put("batchesPerEpoch", b.batchesPerEpoch());
    m.put("stepsPerEpoch", b.stepsPerEpoch());
    m.put("optimizerStepsPerEpoch", b.optimizerStepsPerEpoch());
    m.put("epochs", b.epochs());
    m.put("totalSteps", b.totalSteps());
    m.put("optimizerSteps", b.optimizerSteps());
    m.put("imagesSeen", b.imagesSeen());
    m.put("gradientAccumulationMode", b.accumulationMode().key());
    m.put("gradientAccumulation", b.accumulation());
    m.put("saveEvery", b.saveEvery());
    m.put("sampleEvery", plan.sampleEvery());
    m.put("checkpointSteps", b.checkpointSteps());
    List<Map<String, Object>> checkpoints = new ArrayList<>();
    for (Checkpoint c : plan.checkpoints()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("file", c.file());
      cm.put("step", c.step().orElse(0));
      cm.put("epoch", c.epoch().orElse(0));
      cm.put("final", c.isFinal());
      checkpoints.add(cm);
    }
    m.put("checkpoints", checkpoints);
    m.put("formula", List.of(b.formula().split("\n")));
    Map<String, Object> kohya = new LinkedHashMap<>();
    kohya.put("stepsPerEpoch", plan.kohyaBudget().stepsPerEpoch());
    kohya.put("totalSteps", plan.kohyaBudget().totalSteps());
    m.put("kohya", kohya);
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("componentsGb", plan.memory().componentsGb());
    memory.put("totalGb", round(plan.memory().totalGb()));
    memory.put("gpu", plan.gpu().id());
    memory.put("gpuGb", plan.gpu().memoryGb());
    memory.put("fits", plan.fitsGpu());
    m.put("memory", memory);
    m.put("secondsPerStep", plan.time().secondsPerStep());
    m.put("secondsPerStepMeasured", plan.time().measured());
    m.put("estimatedHours", round(plan.time().totalHours()));
    m.put(
        "pricePerHour",
        plan.time().pricePerHour().isPresent() ? plan.time().pricePerHour().getAsDouble() : null);
    m.put(
        "estimatedCostUsd",
        plan.time().costUsd().isPresent() ? round(plan.time().costUsd().getAsDouble()) : null);
    m.put("evaluationGridSize", plan.evaluation().size());
    return m;
  }

  static void text(TrainingPlan plan, PrintWriter out) {
    StepBudget b = plan.budget();
    LoraProject p = plan.project();
    out.printf(
        Locale.ROOT, "Plan for %s (%s, ai-toolkit semantics)%n%n", p.name(), p.baseModel().id());
    for (String line : b.formula().split("\n")) {
      out.println("  " + line);
    }
    out.printf(
        Locale.ROOT,
        "  kohya sd-scripts would count %d steps (%s per epoch)%n",
        plan.kohyaBudget().totalSteps(),
        Numbers.rounded(plan.kohyaBudget().stepsPerEpoch()));
    out.println();
    long naive = p.dataset().samplesPerEpoch();
    out.printf(
        Locale.ROOT,
        "What the guide calls steps: sum(images x repeats) = %d is one epoch only at batch 1,"
            + " one resolution and no accumulation; here one epoch is %s loop steps (%s updates).%n",
        naive,
        Numbers.rounded(b.stepsPerEpoch()),
        Numbers.rounded(b.optimizerStepsPerEpoch()));
    double epochs = Math.max(1, Math.round(b.epochs()));
    long guideSaveEvery = Math.max(1, Math.round(naive / epochs));
    out.printf(
        Locale.ROOT,
        "The guide's save_every = %d / %s epochs = %d would save every %s epochs here, and its"
            + " 'steps: %d' would train %s epochs.%n",
        naive,
        Numbers.rounded(epochs),
        guideSaveEvery,
        Numbers.rounded(Math.round(guideSaveEvery / b.stepsPerEpoch() * 100) / 100.0),
        naive,
        Numbers.rounded(Math.round(naive / b.stepsPerEpoch() * 100) / 100.0));
    out.println();
    out.println(
        "Checkpoints (save_every " + b.saveEvery() + ", sample_every " + plan.sampleEvery() + "):");
    List<Checkpoint> cs = plan.checkpoints();
    int shown = 0;
    for (Checkpoint c : cs) {
      if (cs.size() > 12 && shown == 5) {
        out.printf(Locale.ROOT, "  ... %d more ...%n", cs.size() - 10);
      }
      if (cs.size() <= 12 || shown < 5 || shown >= cs.size() - 5) {
        out.printf(
            Locale.ROOT,
            "  step %7d  epoch %3d  %s%n",
            c.step().orElse(0),
            c.epoch().orElse(0),
            c.file());
      }
      shown++;
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Memory on %s (%d GB), a planning estimate:%n",
        plan.gpu().displayName(),
        plan.gpu().memoryGb());
    for (String line : plan.memory().describe().split("\n")) {
      out.println("  " + line);
    }
    out.println(plan.fitsGpu() ? "  fits" : "  DOES NOT FIT: see hardware.memory-exceeded");
    out.println();
    out.printf(
        Locale.ROOT,
        "Time: %.1f s/step (%s) x %d steps = %.1f h training + %.2f h setup%n",
        plan.time().secondsPerStep(),
        plan.time().measured() ? "measured" : "planning table, +-2x",
        b.totalSteps(),
        plan.time().trainingHours(),
        dev.lorakit.core.plan.TimeEstimate.SETUP_HOURS);
    if (plan.time().costUsd().isPresent()) {
      out.printf(
          Locale.ROOT,
          "Cost: %.1f h x $%.2f/h = $%.2f%n",
          plan.time().totalHours(),
          plan.time().pricePerHour().getAsDouble(),
          plan.time().costUsd().getAsDouble());
    }
    out.printf(
        Locale.ROOT,
        "Evaluation grid: %d prompts x %d seeds x %d strengths x %d checkpoints = %d images%n",
        plan.evaluation().prompts().size(),
        plan.evaluation().seeds().size(),
        plan.evaluation().strengths().size(),
        plan.evaluation().checkpoints().size(),
        plan.evaluation().size());
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
