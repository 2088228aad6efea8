package dev.lorakit.cli;

import dev.lorakit.core.face.FaceAudit;
import dev.lorakit.core.face.FaceDetector;
import dev.lorakit.core.face.FaceEmbedder;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.sweep.ArmEvent;
import dev.lorakit.core.sweep.ArmResult;
import dev.lorakit.core.sweep.ArmScorer;
import dev.lorakit.core.sweep.RungScore;
import dev.lorakit.core.sweep.SweepEvent;
import dev.lorakit.core.sweep.SweepPlan;
import dev.lorakit.core.sweep.SweepResult;
import dev.lorakit.core.sweep.SweepRunner;
import dev.lorakit.core.sweep.TrainerBackend;
import dev.lorakit.core.sweep.TrainerBackendFactory;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.sweep.RunpodBackend;
import dev.lorakit.runpod.training.PodDatasets;
import dev.lorakit.runpod.training.TrainingRunSpec;
import dev.lorakit.vision.FaceAuditor;
import dev.lorakit.vision.FaceModels;
import dev.lorakit.vision.IdentityArmScorer;
import dev.lorakit.vision.ModelFileException;
import dev.lorakit.vision.SampleScorer;
import dev.lorakit.yaml.AiToolkitWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.ServiceLoader;

/** The running half of {@code lorakit sweep}: backend, scorer, runner, live lines and report. */
final class SweepRun {
  /** The report the sweep leaves in its folder. */
  static final String REPORT_FILE = "sweep.json";

  private final SweepCommand cmd;
  private final Workspace ws;
  private final SweepPlan plan;
  private final PrintWriter out;
  private Path dir;

  SweepRun(SweepCommand cmd, Workspace ws, SweepPlan plan) {
    this.cmd = cmd;
    this.ws = ws;
    this.plan = plan;
    this.out = cmd.spec.commandLine().getOut();
  }

  int call() {
    if (plan.runnableArms().isEmpty()) {
      throw new UserException(
          "no arm of the sweep passes the rules", "run with --dry-run to see each arm's errors");
    }
    String name =
        cmd.name != null
            ? cmd.name
            : plan.base().name()
                + "-"
                + DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .format(RunpodCommand.clock.instant());
    dir = cmd.outputDir != null ? cmd.outputDir : Path.of("sweeps", name);
    if (cmd.detector == null) {
      return run(name, ArmScorer.lossAndRedFlags());
    }
    try (FaceDetector det = VisionFiles.open(() -> FaceModels.detector(cmd.detector));
        FaceEmbedder emb = VisionFiles.open(() -> FaceModels.embedder(cmd.embedder))) {
      FaceAudit reference =
          FaceAuditor.of(det, emb)
              .audit(VisionFiles.scan(ws.datasetRoot), ProgressBar.forTerminal(true, "faces"));
      SampleScorer samples;
      try {
        samples = SampleScorer.of(det, emb, reference);
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "no character image of " + ws.datasetRoot + " has exactly one face",
            "run 'lorakit faces' on the dataset and fix its character images");
      }
      return run(name, IdentityArmScorer.of(samples));
    } catch (ModelFileException e) {
      throw new UserException(e.getMessage(), e.fix());
    }
  }

  private int run(String name, ArmScorer scorer) {
    if (!plan.withinCap() && !cmd.projectOptions.quiet && !cmd.output.json()) {
      out.printf(
          Locale.ROOT,
          "the projection of all arms exceeds the cap by $%.2f: the arms that fit start, the"
              + " rest wait for the rungs and the budget%n",
          plan.overCapUsd());
    }
    if (cmd.detector == null && !cmd.projectOptions.quiet && !cmd.output.json()) {
      out.println(
          "no --detector/--embedder: rungs score by loss and red flags only, not by identity");
    }
    SweepResult result;
    try (RunpodClient client = cmd.backend.equals("runpod") ? cmd.api.client(true) : null) {
      TrainerBackend backend = backend(client);
      SweepRunner.Builder b =
          SweepRunner.builder(backend, plan, dir)
              .name(name)
              .scorer(scorer)
              .sleeper(SweepCommand.sleeper)
              .clock(RunpodCommand.clock)
              .listener(this::live);
      if (cmd.rungs != null) {
        try {
          b.rungs(cmd.rungs);
        } catch (IllegalArgumentException e) {
          throw new UserException(e.getMessage(), "write --rungs 0.33,0.67");
        }
      }
      result = b.build().run();
    } catch (RunpodException e) {
      throw new UserException(e.getMessage(), "check RUNPOD_API_KEY and --api-url");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(
          "interrupted; every running arm was asked to save and stop",
          "check 'lorakit runpod status' for pods left");
    }
    Map<String, Object> json = json(result);
    try {
      AtomicFiles.write(
          dir.resolve(REPORT_FILE), Json.write(json).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException(
          "cannot write " + dir.resolve(REPORT_FILE) + ": " + e.getMessage(),
          "check the sweep folder's permissions");
    }
    if (cmd.output.json()) {
      out.println(Json.write(json));
    } else {
      text(result);
    }
    boolean failed =
        result.arms().stream()
            .anyMatch(
                a -> a.result().map(r -> r.ending() == ArmResult.Ending.FAILED).orElse(false));
    return failed || !result.liveTrainers().isEmpty() || !result.withinCap()
        ? Lorakit.FOUND_ERRORS
        : Lorakit.OK;
  }

  private TrainerBackend backend(RunpodClient client) {
    Map<String, List<ImageSize>> sizes = new LinkedHashMap<>();
    PodDatasets pod = PodDatasets.of(ws.project, ws.datasetRoot);
    Map<String, String> podPaths = PodDatasets.podPaths(ws.project, pod.project());
    ws.imageSizes()
        .forEach((folder, list) -> sizes.put(podPaths.getOrDefault(folder, folder), list));
    AiToolkitWriter writer = AiToolkitWriter.create().withImageSizes(sizes);
    if (cmd.backend.equals("runpod")) {
      RunpodBackend.Builder b =
          RunpodBackend.builder(client, ws.datasetRoot, writer)
              .forProject(
                  project ->
                      TrainingRunSpec.forProject(
                          project,
                          ws.datasetRoot,
                          ws.imageSizes(),
                          bySize -> AiToolkitWriter.create().withImageSizes(bySize)))
              .sleeper(RunpodCommand.sleeper)
              .clock(RunpodCommand.clock)
              .spec(
                  s -> {
                    var spec = TrainingRunSpec.builder().from(s);
                    if (cmd.proxyUrlTemplate != null) {
                      spec.proxyUrlTemplate(cmd.proxyUrlTemplate);
                    }
                    if (cmd.volume != null) {
                      spec.networkVolume(cmd.volume);
                    }
                    return spec.build();
                  });
      if (SweepCommand.threads != null) {
        b.threads(SweepCommand.threads);
      }
      return b.build();
    }
    for (TrainerBackendFactory f : ServiceLoader.load(TrainerBackendFactory.class)) {
      if (f.name().equals(cmd.backend)) {
        Map<String, String> options = new LinkedHashMap<>();
        if (cmd.volume != null) {
          options.put("volume", cmd.volume);
        }
        try {
          return f.create(options, new TrainerBackendFactory.Context(ws.datasetRoot, writer));
        } catch (IllegalArgumentException e) {
          throw new UserException(e.getMessage(), "check the " + cmd.backend + " options");
        }
      }
    }
    throw new UserException(
        "--backend " + cmd.backend + " needs the lora-" + cmd.backend + " module on the class path",
        "use --backend runpod, or put lora-" + cmd.backend + " beside lorakit.jar");
  }

  private void live(SweepEvent e) {
    if (cmd.projectOptions.quiet || cmd.output.json()) {
      return;
    }
    String line = null;
    if (e instanceof SweepEvent.Started s) {
      line =
          String.format(
              Locale.ROOT,
              "started  %s (projected $%.2f, committed $%.2f of $%.2f)",
              s.arm(),
              s.projectedUsd(),
              s.committedUsd(),
              plan.maxCostUsd());
    } else if (e instanceof SweepEvent.Skipped s) {
      line = "skipped  " + s.arm() + ": " + s.reason();
    } else if (e instanceof SweepEvent.Scored s) {
      line =
          String.format(
              Locale.ROOT,
              "rung %d   %s at step %d: %s",
              s.score().rung(),
              s.score().arm(),
              s.score().step(),
              describe(s.score()));
    } else if (e instanceof SweepEvent.Stopping s) {
      line = "stopping " + s.arm() + ": " + s.reason();
    } else if (e instanceof SweepEvent.Arm a && a.event() instanceof ArmEvent.Ended end) {
      line = ended(end);
    }
    if (line != null) {
      out.println(line);
      out.flush();
    }
  }

  private static String ended(ArmEvent.Ended end) {
    ArmResult r = end.result();
    return String.format(
        Locale.ROOT,
        "ended    %s: %s at step %d, %d checkpoint(s) home, $%.2f%s",
        r.armName(),
        r.ending().name().toLowerCase(Locale.ROOT),
        r.lastStep(),
        r.checkpoints().size(),
        r.costUsd(),
        r.released() ? "" : ", TRAINER NOT RELEASED");
  }

  static String describe(RungScore s) {
    List<String> parts = new ArrayList<>();
    s.identity().ifPresent(v -> parts.add(String.format(Locale.ROOT, "identity %.3f", v)));
    s.flexibility().ifPresent(v -> parts.add(String.format(Locale.ROOT, "flexibility %.3f", v)));
    s.loss().ifPresent(v -> parts.add(String.format(Locale.ROOT, "%s %.4f", s.lossKey(), v)));
    parts.add(s.redFlags() + " red flag(s)");
    return String.join(", ", parts);
  }

  private void text(SweepResult r) {
    out.println();
    out.printf(
        Locale.ROOT,
        "Sweep %s on %s: spent $%.2f of the $%.2f cap%s; rungs scored by %s%n",
        r.name(),
        r.backend(),
        r.spentUsd(),
        r.maxCostUsd(),
        r.billedUsd().isPresent()
            ? String.format(Locale.ROOT, " (billed $%.2f)", r.billedUsd().getAsDouble())
            : "",
        r.scoredBy());
    out.printf(
        Locale.ROOT,
        "  %-4s %-36s %-10s %7s %8s %11s %8s %8s  %s%n",
        "rank",
        "arm",
        "ending",
        "step",
        "identity",
        "flexibility",
        "loss",
        "cost",
        "samples");
    int rank = 1;
    for (SweepResult.Arm a : r.ranking()) {
      ArmResult res = a.result().orElseThrow();
      RungScore f = a.finalScore().orElse(null);
      out.printf(
          Locale.ROOT,
          "  %-4d %-36s %-10s %7d %8s %11s %8s %8s  %s%n",
          rank++,
          a.name(),
          res.ending().name().toLowerCase(Locale.ROOT),
          res.lastStep(),
          f == null ? "-" : num(f.identity(), "%.3f"),
          f == null ? "-" : num(f.flexibility(), "%.3f"),
          f == null ? "-" : num(f.loss(), "%.4f"),
          String.format(Locale.ROOT, "$%.2f", a.spentUsd()),
          lastSamples(res));
      if (!res.reason().isEmpty()) {
        out.println("         " + res.reason());
      }
    }
    for (SweepResult.Arm a : r.arms()) {
      a.notStarted().ifPresent(why -> out.println("  not started: " + a.name() + ": " + why));
    }
    out.println(
        r.liveTrainers().isEmpty()
            ? "no trainer left running"
            : "STILL RUNNING: " + String.join(", ", r.liveTrainers()));
    out.println("report: " + rel(dir.resolve(REPORT_FILE)));
  }

  private String lastSamples(ArmResult r) {
    if (r.samples().isEmpty()) {
      return "-";
    }
    return rel(r.samples().get(r.samples().size() - 1));
  }

  private static String num(OptionalDouble d, String format) {
    return d.isPresent() ? String.format(Locale.ROOT, format, d.getAsDouble()) : "-";
  }

  private String rel(Path p) {
    Path base = dir.toAbsolutePath().normalize();
    Path abs = p.toAbsolutePath().normalize();
    return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
  }

  private Map<String, Object> json(SweepResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", r.name());
    json.put("project", plan.base().name());
    json.put("backend", r.backend());
    json.put("parallel", plan.parallel());
    json.put("maxCostUsd", r.maxCostUsd());
    json.put("spentUsd", r.spentUsd());
    json.put("billedUsd", r.billedUsd().isPresent() ? r.billedUsd().getAsDouble() : null);
    json.put("withinCap", r.withinCap());
    json.put("rungs", r.rungs());
    json.put("scoredBy", r.scoredBy());
    List<Map<String, Object>> arms = new ArrayList<>();
    for (SweepResult.Arm a : r.arms()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.name());
      m.put("changes", a.changes());
      m.put("started", a.result().isPresent());
      m.put("notStarted", a.notStarted().orElse(null));
      int rank = r.ranking().indexOf(a);
      m.put("rank", rank < 0 ? null : rank + 1);
      a.result()
          .ifPresent(
              res -> {
                m.put("ending", res.ending().name());
                m.put("reason", res.reason());
                m.put("lastStep", res.lastStep());
                m.put("checkpoints", res.checkpoints().stream().map(this::rel).toList());
                m.put("samples", res.samples().stream().map(this::rel).toList());
                m.put("costUsd", res.costUsd());
                m.put(
                    "billedUsd",
                    res.billedUsd().isPresent() ? res.billedUsd().getAsDouble() : null);
                m.put("released", res.released());
                m.put("redFlags", res.redFlags().stream().map(v -> v.ruleId()).toList());
              });
      m.put("rungsSurvived", a.rungsSurvived());
      m.put("rungScores", a.rungScores().stream().map(SweepRun::score).toList());
      m.put("finalScore", a.finalScore().map(SweepRun::score).orElse(null));
      arms.add(m);
    }
    json.put("arms", arms);
    json.put("ranking", r.ranking().stream().map(SweepResult.Arm::name).toList());
    json.put("liveTrainers", r.liveTrainers());
    return json;
  }

  private static Map<String, Object> score(RungScore s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rung", s.rung());
    m.put("step", s.step());
    m.put("identity", round(s.identity()));
    m.put("copycat", round(s.copycat()));
    m.put("flexibility", round(s.flexibility()));
    m.put("loss", s.loss().isPresent() ? s.loss().getAsDouble() : null);
    m.put("lossKey", s.lossKey().isEmpty() ? null : s.lossKey());
    m.put("redFlags", s.redFlags());
    m.put("basis", s.basis());
    return m;
  }

  private static Double round(OptionalDouble d) {
    return d.isPresent() ? Math.round(d.getAsDouble() * 1000) / 1000.0 : null;
  }
}
