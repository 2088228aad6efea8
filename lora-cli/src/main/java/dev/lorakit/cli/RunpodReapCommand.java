package dev.lorakit.cli;

import dev.lorakit.runpod.RunpodClient;
import dev.lorakit.runpod.training.Reaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit runpod reap}: terminates every pod named {@code lorakit-*} that no run journal
 * under {@code --runs} owns (a run still going owns its pod; a finished or never-journalled one
 * does not).
 */
@Command(
    name = "reap",
    mixinStandardHelpOptions = true,
    description = "Terminate lorakit pods (lorakit-*) that no run journal owns.")
final class RunpodReapCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin RunpodCommand.Api api;

  @Option(
      names = "--runs",
      paramLabel = "DIR",
      description = "Folder of run folders, or a run folder (repeatable; default: runs).")
  List<Path> roots = new ArrayList<>();

  @Option(names = "--dry-run", description = "List the orphans, terminate nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    List<Path> dirs = roots.isEmpty() ? List.of(Path.of("runs")) : roots;
    try (RunpodClient client = api.client(true)) {
      Reaper.Result r =
          RunpodCommand.call(
              () -> {
                try {
                  return Reaper.reap(client, dirs, dryRun);
                } catch (IOException e) {
                  throw new UserException(
                      "cannot read the journals: " + e.getMessage(), "check --runs");
                }
              });
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(dryRun ? "wouldTerminate" : "terminated", r.terminated());
        m.put("kept", r.kept());
        m.put("journals", r.journals().size());
        out.println(Json.write(m));
      } else {
        r.terminated().forEach(p -> out.println((dryRun ? "would terminate " : "terminated ") + p));
        r.kept().forEach(p -> out.println("kept " + p + " (its run is still going)"));
        out.printf(
            "%d orphan(s) %s, %d kept, %d journal(s) read%n",
            r.terminated().size(),
            dryRun ? "found" : "terminated",
            r.kept().size(),
            r.journals().size());
      }
      return Lorakit.OK;
    }
  }
}
