package dev.lorakit.cli;

import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.runpod.RenderedRequest;
import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.RunpodException;
import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.Pod;
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
      RunpodCommand.Terminate.class,
      RunpodWatchCommand.class,
      RunpodReapCommand.class
    })
final class RunpodCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  // Test seams: the scenario tests run the real commands in virtual time against in-process fakes.
  static java.util.function.Function<String, String> env = System::getenv;
  static dev.lorakit.runpod.Sleeper sleeper = dev.lorakit.runpod.Sleeper.REAL;
  static java.time.Clock clock = java.time.Clock.systemUTC();

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

    boolean hasKey() {
      String key = env.apply("RUNPOD_API_KEY");
      return key != null && !key.isBlank();
    }

    RunpodClient client(boolean needKey) {
      String key = env.apply("RUNPOD_API_KEY");
      if ((key == null || key.isBlank()) && needKey) {
        throw new UserException(
            "RUNPOD_API_KEY is not set",
            "export RUNPOD_API_KEY=<your key> (never pass it as an argument)");
      }
      RunpodClient.Builder b =
          RunpodClient.builder()
              .apiKey(key == null || key.isBlank() ? "dry-run" : key)
              .sleeper(sleeper);
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
        description =
            "Print the requests that would be sent (secrets redacted) and the GPU candidate order;"
                + " rent nothing.")
    boolean dryRun;

    @Option(names = "--gpu", paramLabel = "GPU", description = "GPU type (default: the project's).")
    String gpu;

    @Option(
        names = "--fallback-gpu",
        paramLabel = "GPU",
        description = "GPU type to try next when there is no capacity (repeatable, in order).")
    List<String> fallbackGpus = new ArrayList<>();

    @Option(
        names = "--cloud",
        paramLabel = "CLOUD",
        description = "SECURE or COMMUNITY only (default: the project's, then the other one).")
    Cloud cloud;

    @Option(
        names = "--data-center",
        paramLabel = "ID",
        description = "Data centre to place the pod (repeatable, in order).")
    List<String> dataCenters = new ArrayList<>();

    @Option(
        names = "--volume",
        paramLabel = "NAME",
        description =
            "Network volume for the training folder (created when missing): a lost pod is replaced"
                + " and the job resumes from its newest save.")
    String volume;

    @Option(
        names = "--stop-on",
        paramLabel = "SEVERITY",
        description = "Stop the run (after saving) at a red flag this bad: ERROR or WARNING.")
    dev.lorakit.core.validation.Severity stopOn;

    @Option(
        names = "--stall-minutes",
        paramLabel = "MIN",
        description = "A step that does not advance this long counts as lost (default 20).")
    Double stallMinutes;

    @Option(
        names = "--poll-seconds",
        paramLabel = "S",
        description =
            "Seconds between two looks at the pod and the trainer (default 30; at least 1).")
    Integer pollSeconds;

    @Option(
        names = "--no-fallback",
        description = "Only the given GPU and cloud: no move on when there is no capacity.")
    boolean noFallback;

    @Override
    public Integer call() throws IOException {
      Workspace ws = projectOptions.open();
      dev.lorakit.core.project.LoraProject project =
          gpu == null
              ? ws.project
              : dev.lorakit.core.project.ImmutableLoraProject.copyOf(ws.project)
                  .withHardware(
                      dev.lorakit.core.project.HardwareTarget.builder()
                          .from(ws.project.hardware())
                          .gpuType(gpu)
                          .build());
      TrainingRunSpec base;
      try {
        base =
            TrainingRunSpec.forProject(
                project,
                ws.datasetRoot,
                ws.imageSizes(),
                sizes -> AiToolkitWriter.create().withImageSizes(sizes));
      } catch (LoraValidationException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lorakit: refusing to rent a GPU for a project the trainer would fail on:");
        ReportView.text(e.report(), err);
        return Lorakit.FOUND_ERRORS;
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), "report this as a lorakit bug");
      }
      dev.lorakit.runpod.training.ImmutableTrainingRunSpec.Builder b =
          TrainingRunSpec.builder()
              .from(base)
              .fallbackGpuTypeIds(fallbackGpus)
              .dataCenterIds(dataCenters)
              .autoFallback(!noFallback)
              .pinCloud(cloud != null || noFallback);
      if (cloud != null) {
        b.clouds(List.of(cloud));
      }
      if (volume != null) {
        b.networkVolume(volume);
      }
      if (stopOn != null) {
        b.stopOn(stopOn);
      }
      if (stallMinutes != null) {
        b.stallTimeout(Duration.ofSeconds(Math.round(stallMinutes * 60)));
      }
      if (pollSeconds != null) {
        if (pollSeconds < 1) {
          throw new UserException(
              "--poll-seconds " + pollSeconds + " is below 1", "give 1 or more seconds");
        }
        b.pollInterval(Duration.ofSeconds(pollSeconds));
      }
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
          printCandidates(client, runSpec, out, api, output);
          return Lorakit.OK;
        }
        RunView view = new RunView(out, output.json(), runSpec.resolvedOutputDir());
        RunOutcome outcome =
            RunpodCommand.call(
                () ->
                    TrainingRun.builder(client, runSpec)
                        .sleeper(sleeper)
                        .clock(clock)
                        .listener(view)
                        .build()
                        .execute());
        return outcome.state() == dev.lorakit.runpod.training.RunState.COMPLETED
            ? Lorakit.OK
            : Lorakit.FOUND_ERRORS;
      }
    }
  }

  /**
   * The order the launch would try GPUs, clouds and data centres in: from the live catalog when a
   * key is set, else without the catalog's fallbacks (nothing is sent without a key).
   */
  private static void printCandidates(
      RunpodClient client,
      TrainingRunSpec runSpec,
      PrintWriter out,
      Api api,
      OutputOptions output) {
    TrainingRun run = TrainingRun.builder(client, runSpec).shutdownHook(false).build();
    boolean live = api.hasKey();
    List<dev.lorakit.runpod.PlacementCandidate> candidates =
        live ? RunpodCommand.call(run::candidates) : run.offlineCandidates();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (dev.lorakit.runpod.PlacementCandidate c : candidates) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("gpu", c.gpuTypeId());
      m.put("cloud", c.cloud().name());
      m.put("dataCenter", c.dataCenterId().orElse(null));
      m.put("pricePerGpuHour", c.pricePerGpuHour().orElse(null));
      rows.add(m);
    }
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("candidates", rows);
      m.put("fromLiveCatalog", live);
      out.println(Json.line(m));
      return;
    }
    out.println(
        "GPU candidates in order"
            + (live ? " (live catalog)" : " (without the live catalog: set RUNPOD_API_KEY for it)")
            + ":");
    int i = 1;
    for (Map<String, Object> m : rows) {
      out.printf(
          Locale.ROOT,
          "  %d. %s on %s%s%s%n",
          i++,
          m.get("gpu"),
          m.get("cloud"),
          m.get("dataCenter") == null ? "" : " in " + m.get("dataCenter"),
          m.get("pricePerGpuHour") == null
              ? ""
              : String.format(Locale.ROOT, " at $%.2f/h", m.get("pricePerGpuHour")));
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
