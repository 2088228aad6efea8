package dev.lorakit.cli;

import dev.lorakit.safetensors.lora.CheckpointSeries;
import dev.lorakit.safetensors.lora.ComfyUiLoad;
import dev.lorakit.safetensors.lora.SeriesRow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit checkpoints}: every checkpoint of a run by step and epoch, with weight norms. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description =
        "Every checkpoint of a run folder by step and epoch (headers only); --stats adds weight"
            + " statistics and norm growth.")
final class CheckpointsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "Folder with name_000000850.safetensors ... name.safetensors.")
  Path dir;

  @Option(
      names = "--stats",
      description =
          "Also read every weight: norms, mean and max |w|, growth between checkpoints"
              + " (each file is read once, both cores).")
  boolean stats;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          "'" + dir + "' is not a readable folder", "give the run's output folder");
    }
    CheckpointSeries series = CheckpointSeries.scan(dir, stats);
    PrintWriter out = spec.commandLine().getOut();
    // Unreadable files and files that would fail ComfyUI's LoRA node are errors (exit 1).
    boolean broken =
        series.rows().stream()
            .anyMatch(
                r -> r.error().isPresent() || r.comfyUi().map(ComfyUiLoad::fails).orElse(false));
    if (output.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (SeriesRow r : series.rows()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("step", value(r.step()));
        m.put("epoch", value(r.epoch()));
        m.put("final", r.isFinal());
        m.put("sizeBytes", r.sizeBytes());
        m.put("rank", value(r.rank()));
        m.put("totalDeltaNorm", value(r.totalDeltaNorm()));
        m.put("meanAbs", value(r.meanAbs()));
        m.put("maxAbs", value(r.maxAbs()));
        m.put("normGrowth", value(r.normGrowth()));
        m.put("comfyUi", r.comfyUi().map(InspectCommand::comfyJson).orElse(null));
        m.put("error", r.error().orElse(null));
        rows.add(m);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("directory", dir.toString());
      json.put("checkpoints", rows);
      out.println(Json.write(json));
    } else {
      out.printf(
          Locale.ROOT,
          "%-44s %8s %6s %12s %10s %10s  %s%n",
          "file",
          "step",
          "epoch",
          "||dW|| total",
          "max |w|",
          "growth",
          "ComfyUI");
      for (SeriesRow r : series.rows()) {
        if (r.error().isPresent()) {
          out.printf(Locale.ROOT, "%-44s unreadable: %s%n", r.file(), r.error().get());
          continue;
        }
        out.printf(
            Locale.ROOT,
            "%-44s %8s %6s %12s %10s %10s  %s%n",
            r.file(),
            r.step().isPresent() ? r.step().getAsInt() : (r.isFinal() ? "final" : "-"),
            r.epoch().isPresent() ? r.epoch().getAsInt() : "-",
            fmt(r.totalDeltaNorm(), "%.4f"),
            fmt(r.maxAbs(), "%.4g"),
            fmt(r.normGrowth(), "x%.3f"),
            r.comfyUi().map(CheckpointsCommand::verdict).orElse("-"));
      }
      if (series.rows().isEmpty()) {
        out.println("no .safetensors files in " + dir);
      }
      out.println();
      out.println(
          "Numbers, not a verdict: compare samples of the mid-to-late epochs before choosing.");
    }
    return broken ? Lorakit.FOUND_ERRORS : Lorakit.OK;
  }

  private static String verdict(ComfyUiLoad c) {
    return c.fails()
        ? "FAILS"
        : c.loadsFully() ? "loads" : "PARTIAL (" + c.ignoredKeys().size() + " keys ignored)";
  }

  private static Object value(OptionalInt v) {
    return v.isPresent() ? v.getAsInt() : null;
  }

  private static Object value(OptionalDouble v) {
    return v.isPresent() ? v.getAsDouble() : null;
  }

  private static String fmt(OptionalDouble v, String format) {
    return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
  }
}
