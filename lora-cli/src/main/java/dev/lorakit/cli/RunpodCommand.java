package dev.lorakit.cli;

import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.runpod.RenderedRequest;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.training.PodDatasets;
import dev.lorakit.runpod.training.RunOutcome;
import dev.lorakit.runpod.training.TrainingRun;
import dev.lorakit.runpod.training.TrainingRunSpec;
import dev.lorakit.yaml.AiToolkitWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit runpod}: RunPod operations. The API key comes from {@code RUNPOD_API_KEY} only,
 * never from an argument that would land in shell history.
 */
@Command(
    name = "runpod",
    mixinStandardHelpOptions = true,
    description =
        "RunPod operations: gpus, launch, status, stop, terminate (key from RUNPOD_API_KEY).",
    subcommands = {
      RunpodCommand.Gpus.class,
      RunpodCommand.Launch.class,
      RunpodCommand.Status.class,
      RunpodCommand.Stop.class,
      RunpodCommand.Terminate.class
    })
final class RunpodCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every RunPod subcommand shares. */
  static final class Api {
    @Option(
        names = "--api-url",
        description = "RunPod REST endpoint (default: https://api.runpod.io).")
    String apiUrl;

    RunpodClient client(boolean needKey) {
      String key = System.getenv("RUNPOD_API_KEY");
      if ((key == null || key.isBlank()) && needKey) {
        throw new UserException(
            "RUNPOD_API_KEY is not set",
            "export RUNPOD_API_KEY=<your key> (never pass it as an argument)");
      }
      RunpodClient.Builder b =
          RunpodClient.builder().apiKey(key == null || key.isBlank() ? "dry-run" : key);
      if (apiUrl != null) {
        b.baseUrl(apiUrl);
      }
      return b.build();
    }
  }

  static <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RunpodException e) {
      throw new UserException(e.getMessage(), "check RUNPOD_API_KEY, --api-url and the pod id");
    }
  }

  @Command(
      name = "gpus",
      mixinStandardHelpOptions = true,
      description = "GPU types with memory, price and availability.")
  static final class Gpus implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOptions output;
    @Mixin Api api;

    @Override
    public Integer call() {
      try (RunpodClient client = api.client(true)) {
        List<GpuType> gpus =
            RunpodCommand.call(
                () -> client.listGpuTypes(GpuTypeQuery.podAvailability(Cloud.SECURE)));
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GpuType g : gpus) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", g.id());
          m.put("memoryGb", g.memory());
          m.put("securePricePerHour", g.price().map(p -> p.secure()).orElse(null));
          m.put("communityPricePerHour", g.price().map(p -> p.community()).orElse(null));
          m.put("availability", g.availability().map(Enum::name).orElse(null));
          rows.add(m);
        }
        if (output.json()) {
          out.println(Json.write(rows));
        } else {
          out.printf(
              Locale.ROOT,
              "%-36s %5s %8s %9s  %s%n",
              "GPU",
              "GB",
              "secure",
              "community",
              "availability");
          for (Map<String, Object> m : rows) {
            out.printf(
                Locale.ROOT,
                "%-36s %5s %8s %9s  %s%n",
                m.get("id"),
                m.get("memoryGb"),
                m.get("securePricePerHour") == null
                    ? "-"
                    : String.format(Locale.ROOT, "$%.2f", m.get("securePricePerHour")),
                m.get("communityPricePerHour") == null
                    ? "-"
                    : String.format(Locale.ROOT, "$%.2f", m.get("communityPricePerHour")),
                m.get("availability") == null ? "-" : m.get("availability"));
          }
        }
        return Lorakit.OK;
      }
    }
  }

  @Command(
      name = "launch",
      mixinStandardHelpOptions = true,
      description =
          "Rent a GPU, train with ai-toolkit, download every checkpoint, terminate the pod.")
  static final class Launch implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOptions output;
    @Mixin Api api;

    @Mixin ProjectOptions projectOptions;

    @Option(
        names = "--proxy-url-template",
        description =
            "UI address; {podId} is replaced (default: https://{podId}-8675.proxy.runpod.net).")
    String proxyUrlTemplate;

    @Option(
        names = "--max-cost",
        paramLabel = "USD",
        description = "Stop and terminate when the run has cost this much.")
    Double maxCost;

    @Option(
        names = "--max-hours",
        paramLabel = "HOURS",
        description = "Stop and terminate after this wall time.")
    Double maxHours;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Where checkpoints go (default: runs/<name>).")
    Path outputDir;

    @Option(
        names = "--dry-run",
        description = "Print the requests that would be sent (secrets redacted) and rent nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
      Workspace ws = projectOptions.open();
      TrainingRunSpec base;
      try {
        // the plan's per-bucket budget: image sizes keyed by the folders' pod paths
        PodDatasets pod = PodDatasets.of(ws.project, ws.datasetRoot);
        Map<String, String> podPaths = PodDatasets.podPaths(ws.project, pod.project());
        Map<String, List<ImageSize>> sizes = new LinkedHashMap<>();
        ws.imageSizes()
            .forEach((folder, list) -> sizes.put(podPaths.getOrDefault(folder, folder), list));
        base =
            TrainingRunSpec.forProject(
                ws.project, ws.datasetRoot, AiToolkitWriter.create().withImageSizes(sizes));
      } catch (LoraValidationException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lorakit: refusing to rent a GPU for a project the trainer would fail on:");
        ReportView.text(e.report(), err);
        return Lorakit.FOUND_ERRORS;
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), "report this as a lorakit bug");
      }
      dev.lorakit.runpod.training.ImmutableTrainingRunSpec.Builder b =
          TrainingRunSpec.builder().from(base);
      if (proxyUrlTemplate != null) {
        b.proxyUrlTemplate(proxyUrlTemplate);
      }
      if (maxCost != null) {
        b.maxCostUsd(maxCost);
      }
      if (maxHours != null) {
        b.maxWallTime(Duration.ofSeconds(Math.round(maxHours * 3600)));
      }
      if (outputDir != null) {
        b.outputDir(outputDir);
      }
      TrainingRunSpec runSpec = b.build();
      PrintWriter out = spec.commandLine().getOut();
      try (RunpodClient client = api.client(!dryRun)) {
        if (dryRun) {
          List<RenderedRequest> requests = TrainingRun.builder(client, runSpec).build().render();
          if (output.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (RenderedRequest r : requests) {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("method", r.method());
              m.put("url", r.url());
              m.put("headers", r.headers());
              m.put("body", r.body().orElse(null));
              list.add(m);
            }
            out.println(Json.write(list));
          } else {
            for (RenderedRequest r : requests) {
              out.println(r.toText());
              out.println();
            }
            out.println("uploads: " + runSpec.datasets());
          }
          return Lorakit.OK;
        }
        RunOutcome outcome = RunpodCommand.call(() -> TrainingRun.launch(client, runSpec));
        out.println(outcome.message());
        outcome.checkpoints().forEach(c -> out.println("  " + c));
        out.printf(
            Locale.ROOT,
            "state %s, cost about $%.2f, pod terminated: %s%n",
            outcome.state(),
            outcome.costUsd(),
            outcome.podTerminated());
        return outcome.state() == dev.lorakit.runpod.training.RunState.COMPLETED
            ? Lorakit.OK
            : Lorakit.FOUND_ERRORS;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Your pods, or one pod.")
  static final class Status implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOptions output;
    @Mixin Api api;

    @Parameters(index = "0", arity = "0..1", paramLabel = "POD_ID")
    String podId;

    @Override
    public Integer call() {
      try (RunpodClient client = api.client(true)) {
        List<Pod> pods =
            podId == null
                ? RunpodCommand.call(client::listPods)
                : List.of(RunpodCommand.call(() -> client.getPod(podId)));
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Pod p : pods) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", p.id());
          m.put("name", p.name());
          m.put("status", p.status().name());
          m.put("ready", p.isReady());
          m.put("costPerHour", p.cost());
          rows.add(m);
        }
        if (output.json()) {
          out.println(Json.write(rows));
        } else {
          for (Map<String, Object> m : rows) {
            out.printf(
                Locale.ROOT,
                "%-16s %-40s %-10s ready=%s $%.2f/h%n",
                m.get("id"),
                m.get("name"),
                m.get("status"),
                m.get("ready"),
                m.get("costPerHour"));
          }
          if (rows.isEmpty()) {
            out.println("no pods");
          }
        }
        return Lorakit.OK;
      }
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop a pod (its volume is kept and billed).")
  static final class Stop implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOptions output;
    @Mixin Api api;

    @Parameters(index = "0", paramLabel = "POD_ID")
    String podId;

    @Override
    public Integer call() {
      try (RunpodClient client = api.client(true)) {
        Pod p = RunpodCommand.call(() -> client.stopPod(podId));
        if (output.json()) {
          spec.commandLine()
              .getOut()
              .println(Json.write(Map.of("id", p.id(), "status", p.status().name())));
        } else {
          spec.commandLine()
              .getOut()
              .println("pod " + p.id() + " " + p.status().name().toLowerCase(Locale.ROOT));
        }
        return Lorakit.OK;
      }
    }
  }

  @Command(
      name = "terminate",
      mixinStandardHelpOptions = true,
      description = "Terminate a pod; an already gone pod is not an error.")
  static final class Terminate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin OutputOptions output;
    @Mixin Api api;

    @Parameters(index = "0", paramLabel = "POD_ID")
    String podId;

    @Override
    public Integer call() {
      try (RunpodClient client = api.client(true)) {
        boolean existed = RunpodCommand.call(() -> client.terminatePod(podId));
        if (output.json()) {
          spec.commandLine()
              .getOut()
              .println(Json.write(Map.of("id", podId, "terminated", true, "existed", existed)));
        } else {
          spec.commandLine()
              .getOut()
              .println(
                  existed ? "pod " + podId + " terminated" : "pod " + podId + " was already gone");
        }
        return Lorakit.OK;
      }
    }
  }
}
