package dev.lorakit.cli;

import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.sweep.SweepArm;
import dev.lorakit.core.sweep.SweepAxis;
import dev.lorakit.core.sweep.SweepPlan;
import dev.lorakit.core.sweep.SweepRunner;
import dev.lorakit.core.validation.Violation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit sweep PROJECT --vary K=V,... --parallel N --max-cost USD [--backend
 * runpod|kubernetes] [--dry-run]}: every arm checked and planned, with the projected total against
 * the cap; without {@code --dry-run} the arms train on the backend under the cap, the weak ones
 * stopped at the rungs ({@link SweepRunner}), and one report ranks them.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Plan several trainings of one project (lr, rank, epochs, batch) under one dollar cap;"
            + " --dry-run prints every arm and refuses a projection over the cap; without it the arms"
            + " train, the weak ones stopped at rungs, and the report ranks them.")
final class SweepCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions projectOptions;

  @Option(
      names = "--vary",
      required = true,
      paramLabel = "KEY=V1,V2",
      description = "A setting and its values: lr, rank, epochs or batch; repeat for more axes.")
  List<String> vary = new ArrayList<>();

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "Arms trained at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--max-cost",
      required = true,
      paramLabel = "USD",
      description = "The cap over all arms.")
  double maxCost;

  @Option(
      names = "--backend",
      defaultValue = "runpod",
      description = "runpod (default) or kubernetes.")
  String backend;

  @Option(names = "--price-per-hour", description = "GPU price in USD per hour for every arm.")
  Double pricePerHour;

  @Option(names = "--dry-run", description = "Plan every arm and rent nothing.")
  boolean dryRun;

  @Mixin RunpodCommand.Api api;

  @Option(
      names = "--proxy-url-template",
      description =
          "UI address; {podId} is replaced (default: https://{podId}-8675.proxy.runpod.net).")
  String proxyUrlTemplate;

  @Option(
      names = "--volume",
      paramLabel = "NAME",
      description =
          "Network volume for the training folders (each arm in its own folder on it): a lost pod"
              + " is replaced and the arm resumes from its newest save.")
  String volume;

  @Option(
      names = "--detector",
      paramLabel = "DET.onnx",
      description = "YuNet or SCRFD: rungs score the samples' identity (with --embedder).")
  Path detector;

  @Option(
      names = "--embedder",
      paramLabel = "EMB.onnx",
      description = "SFace or ArcFace (with --detector).")
  Path embedder;

  @Option(
      names = "--rungs",
      split = ",",
      paramLabel = "FRACTION",
      description = "Rungs as fractions of each arm's steps (default: 0.3333,0.6667).")
  List<Double> rungs;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "The sweep's folder, one subfolder per arm (default: sweeps/<name>).")
  Path outputDir;

  @Option(
      names = "--name",
      description = "The sweep's name, the prefix of its pods (default: <project>-<yyyyMMddHHmm>).")
  String name;

  // Test seams: the scenario tests run the sweep in virtual time against in-process fakes.
  static SweepRunner.Sleeper sleeper = d -> Thread.sleep(Math.max(0, d.toMillis()));
  static java.util.concurrent.ThreadFactory threads;

  @Override
  public Integer call() {
    if (!backend.equals("runpod") && !backend.equals("kubernetes")) {
      throw new UserException("unknown backend '" + backend + "'", "use runpod or kubernetes");
    }
    if ((detector == null) != (embedder == null)) {
      throw new UserException(
          "--detector and --embedder go together", "give both face models, or neither");
    }
    List<SweepAxis> axes = new ArrayList<>();
    SweepPlan sweep;
    Workspace ws = projectOptions.open();
    try {
      for (String v : vary) {
        axes.add(SweepAxis.parse(v));
      }
      TrainingPlanner planner = TrainingPlanner.defaults().withImageSizes(ws.imageSizes());
      if (pricePerHour != null) {
        planner = planner.withPricePerHour(pricePerHour);
      }
      sweep = SweepPlan.of(ws.project, axes, parallel, maxCost, planner);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          e.getMessage(), "write --vary lr=1e-4,2e-4 --parallel 2 --max-cost 60");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!dryRun) {
      return new SweepRun(this, ws, sweep).call();
    }
    if (output.json()) {
      out.println(Json.write(json(sweep)));
    } else {
      text(sweep, out);
    }
    return sweep.withinCap() && sweep.runnableArms().size() == sweep.arms().size()
        ? Lorakit.OK
        : Lorakit.FOUND_ERRORS;
  }

  private void text(SweepPlan sweep, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Sweep of %s: %d arms, %d at once, cap $%.2f, backend %s%n%n",
        sweep.base().name(),
        sweep.arms().size(),
        sweep.parallel(),
        sweep.maxCostUsd(),
        backend);
    out.printf(
        Locale.ROOT,
        "  %-40s %7s %7s %-12s %6s %9s  %s%n",
        "arm",
        "steps",
        "epochs",
        "gpu",
        "hours",
        "cost",
        "verdict");
    for (SweepArm arm : sweep.arms()) {
      String verdict =
          arm.runnable()
              ? "ok"
              : arm.report().errors().stream()
                  .map(Violation::ruleId)
                  .distinct()
                  .collect(Collectors.joining(", "));
      if (arm.plan().isPresent()) {
        TrainingPlan p = arm.plan().get();
        out.printf(
            Locale.ROOT,
            "  %-40s %7d %7s %-12s %6.1f %9s  %s%n",
            arm.name(),
            p.budget().totalSteps(),
            Numbers.rounded(p.budget().epochs()),
            p.gpu().id(),
            p.time().totalHours(),
            arm.projectedCostUsd().isPresent()
                ? String.format(Locale.ROOT, "$%.2f", arm.projectedCostUsd().getAsDouble())
                : "no price",
            verdict);
      } else {
        out.printf(
            Locale.ROOT,
            "  %-40s %7s %7s %-12s %6s %9s  %s%n",
            arm.name(),
            "-",
            "-",
            "-",
            "-",
            "-",
            verdict);
      }
    }
    out.println();
    if (sweep.projectedCostUsd().isEmpty()) {
      out.println("projected total: unknown (no price); pass --price-per-hour");
      return;
    }
    out.printf(
        Locale.ROOT,
        "projected total $%.2f for %d runnable arms, about %.1f h wall time with %d at once%n",
        sweep.projectedCostUsd().getAsDouble(),
        sweep.runnableArms().size(),
        sweep.projectedWallHours(),
        sweep.parallel());
    if (!sweep.withinCap()) {
      out.printf(
          Locale.ROOT,
          "refused: the projection exceeds the cap of $%.2f by $%.2f; drop arms or raise"
              + " --max-cost%n",
          sweep.maxCostUsd(),
          sweep.overCapUsd());
    }
  }

  Map<String, Object> json(SweepPlan sweep) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("project", sweep.base().name());
    json.put("backend", backend);
    json.put("parallel", sweep.parallel());
    json.put("maxCostUsd", sweep.maxCostUsd());
    List<Map<String, Object>> arms = new ArrayList<>();
    for (SweepArm arm : sweep.arms()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", arm.name());
      m.put("changes", arm.changes());
      m.put("runnable", arm.runnable());
      arm.plan()
          .ifPresent(
              p -> {
                m.put("totalSteps", p.budget().totalSteps());
                m.put("epochs", p.budget().epochs());
                m.put("gpu", p.gpu().id());
                m.put("estimatedHours", p.time().totalHours());
              });
      arm.projectedCostUsd().ifPresent(c -> m.put("projectedCostUsd", c));
      m.putAll(ReportView.json(arm.report()));
      arms.add(m);
    }
    json.put("arms", arms);
    sweep.projectedCostUsd().ifPresent(c -> json.put("projectedCostUsd", c));
    json.put("projectedWallHours", sweep.projectedWallHours());
    json.put("withinCap", sweep.withinCap());
    json.put("overCapUsd", sweep.overCapUsd());
    return json;
  }
}
