package dev.lorakit.cli;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.ValidationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lorakit check}: scan a dataset and validate every file and the project it implies. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Scan a dataset and check every image, caption and setting against the guide and the trainer.")
final class CheckCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Mixin ProjectOptions project;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Workspace ws = project.open();
    ValidationReport report = ws.check();
    LoraProject p = ws.project;
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("dataset", datasetJson(p.dataset(), ws.snapshot.orElse(null)));
      json.put("trigger", p.trigger().value());
      json.put("baseModel", p.baseModel().id());
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.printf(
          Locale.ROOT,
          "Dataset %s (%s, trigger %s)%n",
          ws.datasetRoot,
          p.baseModel().id(),
          p.trigger());
      for (DatasetFolder f : p.dataset().folders()) {
        out.printf(
            Locale.ROOT,
            "  %-32s %-14s repeats %3d  images %d%n",
            f.path(),
            f.role().id(),
            f.repeats(),
            f.imageCount().orElse(0));
      }
      out.println();
      ReportView.text(report, out);
    }
    return ReportView.exitCode(report);
  }

  static Map<String, Object> datasetJson(DatasetSpec spec, DatasetSnapshot snapshot) {
    List<Map<String, Object>> folders = new ArrayList<>();
    for (DatasetFolder f : spec.folders()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("role", f.role().id());
      m.put("repeats", f.repeats());
      f.imageCount().ifPresent(c -> m.put("images", c));
      m.put("controlFolders", f.controlFolders());
      folders.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("root", spec.root());
    out.put("folders", folders);
    if (snapshot != null) {
      out.put("images", snapshot.images().size());
      out.put("captions", snapshot.captions().size());
      out.put("strayFiles", snapshot.strayFiles().size());
    }
    return out;
  }
}
