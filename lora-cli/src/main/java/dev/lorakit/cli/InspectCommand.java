package dev.lorakit.cli;

import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.safetensors.SafetensorsException;
import dev.lorakit.safetensors.lora.CheckpointReport;
import dev.lorakit.safetensors.lora.ComfyUiLoad;
import dev.lorakit.safetensors.lora.IgnoredKey;
import dev.lorakit.safetensors.lora.LoraInspector;
import dev.lorakit.safetensors.lora.LoraStatistics;
import dev.lorakit.safetensors.lora.WeightStatistics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit inspect}: what a LoRA file is, read from its header only. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Format, base model, rank, alpha, modules, dtypes, parameters and metadata of a LoRA.")
final class InspectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "FILE", description = "A .safetensors LoRA.")
  Path file;

  @Option(
      names = "--stats",
      description = "Also read the weights: per-module ||delta W|| and |w| statistics.")
  boolean stats;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new UserException(
          "'" + file + "' is not a readable file", "give the path of a .safetensors file");
    }
    CheckpointReport r;
    WeightStatistics w = null;
    try {
      r = LoraInspector.inspect(file);
      if (stats) {
        w = LoraStatistics.compute(file);
      }
    } catch (SafetensorsException e) {
      throw new UserException(
          e.getMessage(), "the file is not a valid safetensors file; re-download or re-export it");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.write(json(r, w)));
    } else {
      text(r, w, out);
    }
    return ReportView.exitCode(ValidationReport.of(r.warnings(), List.of()));
  }

  static Map<String, Object> json(CheckpointReport r, WeightStatistics w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", r.file());
    m.put("sizeBytes", r.sizeBytes());
    m.put("format", r.format().name());
    m.put("trainer", r.trainer().name());
    m.put("baseModel", r.baseModel().orElse(null));
    m.put("rank", r.rank().isPresent() ? r.rank().getAsInt() : null);
    m.put("ranks", r.ranks());
    m.put("alpha", r.alpha().isPresent() ? r.alpha().getAsDouble() : null);
    m.put("alphaSource", r.alphaSource().map(Enum::name).orElse(null));
    m.put("scale", r.scale().isPresent() ? r.scale().getAsDouble() : null);
    m.put("modules", r.moduleCount());
    m.put("coverage", r.coverage().covered() + "/" + r.coverage().total());
    m.put("tensors", r.tensors());
    m.put("parameters", r.parameters());
    Map<String, Integer> dtypes = new TreeMap<>();
    r.dtypes().forEach((k, v) -> dtypes.put(k.name(), v));
    m.put("dtypes", dtypes);
    m.put("metadata", new TreeMap<>(r.metadata()));
    m.put("step", r.step().isPresent() ? r.step().getAsInt() : null);
    m.put("epoch", r.epoch().isPresent() ? r.epoch().getAsInt() : null);
    m.put("final", r.isFinal());
    m.put("comfyUi", comfyJson(r.comfyUi()));
    m.putAll(ReportView.json(ValidationReport.of(r.warnings(), List.of())));
    if (w != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("totalDeltaNorm", w.totalDeltaNorm());
      s.put("meanDeltaNorm", w.meanDeltaNorm());
      s.put("maxDeltaNorm", w.maxDeltaNorm());
      s.put("maxDeltaNormModule", w.maxDeltaNormModule().orElse(null));
      s.put("meanAbs", w.meanAbs());
      s.put("maxAbs", w.maxAbs());
      s.put("untrainedModules", w.untrainedModules());
      s.put("nonFinite", w.nonFinite());
      m.put("statistics", s);
    }
    return m;
  }

  /** The ComfyUI replay as JSON: what LoraLoaderModelOnly does with the file on Qwen. */
  static Map<String, Object> comfyJson(ComfyUiLoad c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelClass", c.modelClass());
    m.put("patched", c.patchCount());
    m.put("patchTypes", c.patchTypes());
    m.put("loadsFully", c.loadsFully());
    m.put("fails", c.fails());
    m.put("failure", c.failures().isEmpty() ? null : c.failures().get(0).exception());
    m.put("scale", c.scale().isPresent() ? c.scale().getAsDouble() : null);
    Map<String, Integer> scales = new LinkedHashMap<>();
    c.scales().forEach((k, v) -> scales.put(Double.toString(k), v));
    m.put("scales", scales);
    List<Map<String, Object>> ignored = new ArrayList<>();
    for (IgnoredKey k : c.ignoredKeys()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("key", k.key());
      e.put("reason", k.reason().name());
      e.put("detail", k.detail());
      ignored.add(e);
    }
    m.put("ignoredKeys", ignored);
    return m;
  }

  /** One line: patched weights, ignored keys, scale, verdict. */
  static String comfyLine(ComfyUiLoad c) {
    String scale =
        c.scale().isPresent()
            ? Double.toString(c.scale().getAsDouble())
            : c.scales().isEmpty() ? "unknown" : "mixed " + c.scales();
    if (c.fails()) {
      return String.format(
          Locale.ROOT,
          "the LoRA node FAILS: %s (fixed, it would patch %d weights, %d keys ignored, scale %s)",
          c.failures().get(0).exception(),
          c.patchCount(),
          c.ignoredKeys().size(),
          scale);
    }
    return String.format(
        Locale.ROOT,
        "%d weights patched, %d keys ignored, scale %s; %s",
        c.patchCount(),
        c.ignoredKeys().size(),
        scale,
        c.loadsFully() ? "loads fully" : "loads in part");
  }

  private static void text(CheckpointReport r, WeightStatistics w, PrintWriter out) {
    out.printf(Locale.ROOT, "%s (%,d bytes)%n", r.file(), r.sizeBytes());
    out.printf(Locale.ROOT, "  format      %s (%s)%n", r.format(), r.trainer());
    out.printf(Locale.ROOT, "  base model  %s%n", r.baseModel().orElse("unknown"));
    out.printf(
        Locale.ROOT,
        "  rank        %s%s%n",
        r.rank().isPresent() ? r.rank().getAsInt() : "mixed",
        r.ranks().size() > 1 ? " " + r.ranks() : "");
    out.printf(
        Locale.ROOT,
        "  alpha       %s (%s), scale %s%n",
        r.alpha().isPresent() ? r.alpha().getAsDouble() : "-",
        r.alphaSource().map(Enum::name).orElse("-"),
        r.scale().isPresent() ? r.scale().getAsDouble() : "-");
    out.printf(
        Locale.ROOT,
        "  modules     %d (Qwen block layers %d/%d)%n",
        r.moduleCount(),
        r.coverage().covered(),
        r.coverage().total());
    out.printf(
        Locale.ROOT,
        "  tensors     %d, parameters %,d, dtypes %s%n",
        r.tensors(),
        r.parameters(),
        r.dtypes());
    out.printf(
        Locale.ROOT,
        "  step/epoch  %s / %s%s%n",
        r.step().isPresent() ? r.step().getAsInt() : "-",
        r.epoch().isPresent() ? r.epoch().getAsInt() : "-",
        r.isFinal() ? " (final)" : "");
    out.printf(Locale.ROOT, "  ComfyUI     %s%n", comfyLine(r.comfyUi()));
    if (!r.metadata().isEmpty()) {
      out.println("  metadata");
      new TreeMap<>(r.metadata())
          .forEach(
              (k, v) ->
                  out.printf(
                      Locale.ROOT,
                      "    %s: %s%n",
                      k,
                      v.length() > 100 ? v.substring(0, 97) + "..." : v));
    }
    if (w != null) {
      out.printf(
          Locale.ROOT,
          "  ||delta W|| total %.4f, mean %.4f, max %.4f (%s); |w| mean %.3g max %.3g; untrained %d%n",
          w.totalDeltaNorm(),
          w.meanDeltaNorm(),
          w.maxDeltaNorm(),
          w.maxDeltaNormModule().orElse("-"),
          w.meanAbs(),
          w.maxAbs(),
          w.untrainedModules());
    }
    out.println();
    ReportView.text(ValidationReport.of(r.warnings(), List.of()), out);
  }
}
