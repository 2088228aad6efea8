package dev.lorakit.cli;

import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.safetensors.SafetensorsException;
import dev.lorakit.safetensors.lora.Conversion;
import dev.lorakit.safetensors.lora.LoraConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code lorakit convert IN --to kohya|peft -o OUT}: rewrites a LoRA's keys bit-exactly, then
 * inspects the output and checks that ComfyUI loads it fully with the scale the converter states.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite a LoRA's keys as kohya (lora_unet_*, with .alpha) or PEFT (diffusion_model.*);"
          + " weights are copied bit-exactly and metadata is kept.",
      "The output is inspected after writing: it must load fully in ComfyUI with the strength"
          + " scale the command states (exit 1 otherwise)."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "IN", description = "The .safetensors LoRA to convert.")
  Path in;

  @Option(names = "--to", required = true, paramLabel = "FAMILY", description = "kohya or peft.")
  String to;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description = "The file to write.")
  Path out;

  @Override
  public Integer call() {
    LoraConverter.Target target =
        switch (to.toLowerCase(Locale.ROOT)) {
          case "kohya" -> LoraConverter.Target.KOHYA;
          case "peft" -> LoraConverter.Target.PEFT;
          default ->
              throw new UserException(
                  "'--to " + to + "' is not a key family", "use --to kohya or --to peft");
        };
    if (!Files.isRegularFile(in)) {
      throw new UserException(
          "'" + slashes(in) + "' is not a readable file", "give the path of a .safetensors file");
    }
    Conversion c;
    try {
      c = LoraConverter.convert(in, out, target);
    } catch (SafetensorsException e) {
      throw new UserException(
          e.getMessage(), "the file is not a valid safetensors file; re-download or re-export it");
    } catch (IllegalArgumentException e) {
      throw new UserException(
          "cannot convert " + slashes(in) + ": " + e.getMessage(),
          "only LoRA down/up modules (with an optional .alpha) convert");
    }
    ValidationReport report = ValidationReport.of(c.output().warnings(), List.of());
    PrintWriter w = spec.commandLine().getOut();
    if (output.json()) {
      w.println(Json.write(json(c, report)));
    } else {
      text(c, report, w);
    }
    return c.verified() ? ReportView.exitCode(report) : 1;
  }

  private Map<String, Object> json(Conversion c, ValidationReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", slashes(in));
    m.put("output", slashes(out));
    m.put("to", to.toLowerCase(Locale.ROOT));
    m.put("inputFormat", c.input().format().name());
    m.put("outputFormat", c.output().format().name());
    m.put("modules", c.output().moduleCount());
    m.put("inputComfyUi", InspectCommand.comfyJson(c.input().comfyUi()));
    m.put("comfyUi", InspectCommand.comfyJson(c.output().comfyUi()));
    m.put("statedScale", c.statedScale().isPresent() ? c.statedScale().getAsDouble() : null);
    Map<String, Integer> stated = new LinkedHashMap<>();
    c.statedScales().forEach((k, v) -> stated.put(Double.toString(k), v));
    m.put("statedScales", stated);
    m.put("scaleChanged", c.scaleChanged());
    m.put("modulesWithNewScale", c.modulesWithNewScale());
    m.put("scaleNotes", c.scaleNotes());
    m.put("verified", c.verified());
    m.putAll(ReportView.json(report));
    return m;
  }

  private void text(Conversion c, ValidationReport report, PrintWriter w) {
    w.printf(
        Locale.ROOT,
        "%s (%s) -> %s (%s), %d modules%n",
        slashes(in),
        c.input().format(),
        slashes(out),
        c.output().format(),
        c.output().moduleCount());
    w.printf(Locale.ROOT, "  ComfyUI before  %s%n", InspectCommand.comfyLine(c.input().comfyUi()));
    w.printf(Locale.ROOT, "  ComfyUI after   %s%n", InspectCommand.comfyLine(c.output().comfyUi()));
    if (c.scaleChanged()) {
      w.printf(
          Locale.ROOT,
          "  scale           CHANGES on %d modules, now %s%n",
          c.modulesWithNewScale(),
          c.statedScale().isPresent() ? c.statedScale().getAsDouble() : c.statedScales());
      c.scaleNotes().forEach(n -> w.printf(Locale.ROOT, "                  %s%n", n));
    } else {
      w.printf(Locale.ROOT, "  scale           unchanged%n");
    }
    w.printf(
        Locale.ROOT,
        "  verified        %s%n",
        c.verified()
            ? "the output loads fully in ComfyUI with the stated scale"
            : "NO: the output does not load fully with the stated scale " + c.statedScales());
    w.println();
    ReportView.text(report, w);
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
