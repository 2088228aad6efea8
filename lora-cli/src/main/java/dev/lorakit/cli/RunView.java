package dev.lorakit.cli;

import dev.lorakit.core.validation.Violation;
import dev.lorakit.runpod.training.RunEvent;
import dev.lorakit.runpod.training.RunOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live view of a training run, drawn from its {@link RunEvent}s: JSON lines (one event per
 * line) with {@code --format json}; otherwise a line per pod, file, red flag and loss, and a
 * progress bar on stderr when stderr is a terminal.
 */
final class RunView implements Consumer<RunEvent> {
  private final PrintWriter out;
  private final boolean json;
  private final Path root;
  private final boolean bar;
  private int lossPrinted;

  RunView(PrintWriter out, boolean json, Path root) {
    this.out = out;
    this.json = json;
    this.root = root.toAbsolutePath().normalize();
    this.bar = !json && System.console() != null && System.getenv("TERM") != null;
  }

  @Override
  public void accept(RunEvent event) {
    if (json) {
      out.println(Json.line(json(event)));
      out.flush();
      return;
    }
    text(event);
    out.flush();
  }

  Map<String, Object> json(RunEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event.kind());
    m.put("at", event.at().toString());
    if (event instanceof RunEvent.PodReady e) {
      m.put("podId", e.podId());
      m.put("gpu", e.gpuTypeId());
      m.put("cloud", e.cloud());
      m.put("costPerHour", e.costPerHour());
      m.put("attempt", e.attempt());
    } else if (event instanceof RunEvent.Progress e) {
      m.put("step", e.step());
      m.put("total", e.total());
      m.put("secondsPerStep", value(e.secondsPerStep()));
      m.put("etaSeconds", value(e.etaSeconds()));
      m.put("costUsd", round(e.costUsd()));
      m.put("projectedCostUsd", value(e.projectedCostUsd()));
      m.put("status", e.status());
      m.put("info", e.info());
    } else if (event instanceof RunEvent.LossPoint e) {
      m.put("key", e.key());
      m.put("step", e.step());
      m.put("value", value(e.value()));
    } else if (event instanceof RunEvent.MonitorSample e) {
      m.put("memoryUsedMb", e.memoryUsedMb());
      m.put("memoryTotalMb", e.memoryTotalMb());
      m.put("utilisationPercent", e.utilisationPercent());
    } else if (event instanceof RunEvent.CheckpointSaved e) {
      m.put("file", rel(e.file()));
      m.put("bytes", e.bytes());
      m.put("step", e.step().isPresent() ? e.step().getAsInt() : null);
    } else if (event instanceof RunEvent.SampleSaved e) {
      m.put("file", rel(e.file()));
      m.put("step", e.step());
    } else if (event instanceof RunEvent.RedFlag e) {
      Violation v = e.violation();
      m.put("ruleId", v.ruleId());
      m.put("severity", v.severity().name());
      m.put("path", v.path());
      m.put("message", v.message());
      m.put("hint", v.hint());
    } else if (event instanceof RunEvent.Cost e) {
      m.put("costUsd", round(e.costUsd()));
      m.put("reconciled", e.reconciled());
    } else if (event instanceof RunEvent.PodLost e) {
      m.put("podId", e.podId());
      m.put("reason", e.reason());
    } else if (event instanceof RunEvent.Resumed e) {
      m.put("podId", e.podId());
      m.put("fromStep", e.fromStep());
    } else if (event instanceof RunEvent.SavedNow e) {
      m.put("file", rel(e.file()));
      m.put("step", e.step());
      m.put("reason", e.reason());
    } else if (event instanceof RunEvent.Finished e) {
      m.putAll(outcome(e.outcome()));
    }
    return m;
  }

  Map<String, Object> outcome(RunOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", o.state().name());
    m.put("message", o.message());
    m.put("checkpoints", o.checkpoints().stream().map(this::rel).collect(Collectors.toList()));
    m.put("samples", o.samples().size());
    m.put(
        "redFlags",
        o.redFlags().stream().map(Violation::ruleId).distinct().collect(Collectors.toList()));
    m.put("pods", o.pods());
    m.put("costUsd", round(o.costUsd()));
    m.put("billedUsd", value(o.billedUsd()));
    m.put("podTerminated", o.podTerminated());
    return m;
  }

  private void text(RunEvent event) {
    if (event instanceof RunEvent.PodReady e) {
      out.printf(
          Locale.ROOT,
          "pod %s ready: %s on %s, $%.2f/h%s%n",
          e.podId(),
          e.gpuTypeId(),
          e.cloud(),
          e.costPerHour(),
          e.attempt() > 1 ? " (pod " + e.attempt() + " of this run)" : "");
    } else if (event instanceof RunEvent.Progress e) {
      String line =
          String.format(
              Locale.ROOT,
              "step %d/%d  %s  ETA %s  $%.2f%s  %s",
              e.step(),
              e.total(),
              e.secondsPerStep().isPresent()
                  ? String.format(Locale.ROOT, "%.2f s/step", e.secondsPerStep().getAsDouble())
                  : "- s/step",
              e.etaSeconds().isPresent() ? duration(e.etaSeconds().getAsDouble()) : "-",
              e.costUsd(),
              e.projectedCostUsd().isPresent()
                  ? String.format(
                      Locale.ROOT, " (projected $%.2f)", e.projectedCostUsd().getAsDouble())
                  : "",
              e.info());
      if (bar) {
        int width = 30;
        int filled = e.total() == 0 ? 0 : (int) ((long) e.step() * width / e.total());
        System.err.print(
            "\r[" + "#".repeat(filled) + " ".repeat(Math.max(0, width - filled)) + "] " + line);
        System.err.flush();
      } else {
        out.println(line);
      }
    } else if (event instanceof RunEvent.LossPoint e) {
      // One loss line per 50 points keeps the text view readable; JSON has every point.
      if (lossPrinted++ % 50 == 0) {
        out.printf(
            Locale.ROOT,
            "loss %s at step %d: %s%n",
            e.key(),
            e.step(),
            e.value().isPresent()
                ? String.format(Locale.ROOT, "%.4f", e.value().getAsDouble())
                : "NaN");
      }
    } else if (event instanceof RunEvent.MonitorSample e) {
      // Shown in the progress line's JSON twin only; VRAM problems come as red flags.
    } else if (event instanceof RunEvent.CheckpointSaved e) {
      out.printf(Locale.ROOT, "checkpoint %s (%d bytes)%n", rel(e.file()), e.bytes());
    } else if (event instanceof RunEvent.SampleSaved e) {
      out.printf(Locale.ROOT, "sample %s%n", rel(e.file()));
    } else if (event instanceof RunEvent.RedFlag e) {
      Violation v = e.violation();
      out.printf(
          Locale.ROOT,
          "RED FLAG %s %s: %s%n  fix: %s%n",
          v.severity(),
          v.ruleId(),
          v.message(),
          v.hint());
    } else if (event instanceof RunEvent.Cost e) {
      if (e.reconciled()) {
        out.printf(Locale.ROOT, "RunPod billed $%.4f for this run's pods%n", e.costUsd());
      }
    } else if (event instanceof RunEvent.PodLost e) {
      out.printf(Locale.ROOT, "pod %s lost: %s%n", e.podId(), e.reason());
    } else if (event instanceof RunEvent.Resumed e) {
      out.printf(
          Locale.ROOT, "job restarted on pod %s, resuming from step %d%n", e.podId(), e.fromStep());
    } else if (event instanceof RunEvent.SavedNow e) {
      out.printf(
          Locale.ROOT,
          "saved now at step %d before stopping (%s): %s%n",
          e.step(),
          e.reason(),
          rel(e.file()));
    } else if (event instanceof RunEvent.Finished e) {
      if (bar) {
        System.err.println();
      }
      RunOutcome o = e.outcome();
      out.println(o.message());
      o.checkpoints().forEach(c -> out.println("  " + rel(c)));
      out.printf(
          Locale.ROOT,
          "state %s, cost about $%.2f%s, %d pod(s), pod terminated: %s%n",
          o.state(),
          o.costUsd(),
          o.billedUsd().isPresent()
              ? String.format(Locale.ROOT, " (billed $%.2f)", o.billedUsd().getAsDouble())
              : "",
          o.pods(),
          o.podTerminated());
    }
  }

  private String rel(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path r = abs.startsWith(root) ? root.relativize(abs) : abs;
    return r.toString().replace('\\', '/');
  }

  private static Object value(OptionalDouble d) {
    return d.isPresent() ? round(d.getAsDouble()) : null;
  }

  private static double round(double d) {
    return Math.round(d * 10000) / 10000.0;
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
  }
}
