package dev.lorakit.cli;

import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ValidationReport} as text or as the JSON shape of DESIGN.md. */
final class ReportView {
  private ReportView() {}

  static Map<String, Object> json(ValidationReport report) {
    List<Map<String, Object>> violations = new ArrayList<>();
    for (Violation v : report.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", v.ruleId());
      m.put("severity", v.severity().name());
      m.put("path", v.path());
      m.put("message", v.message());
      m.put("hint", v.hint());
      v.value().ifPresent(x -> m.put("value", x));
      v.bound().ifPresent(x -> m.put("bound", x));
      v.location()
          .ifPresent(
              l -> {
                m.put("line", l.line());
                m.put("column", l.column());
              });
      v.source().ifPresent(x -> m.put("source", x));
      violations.add(m);
    }
    List<Map<String, Object>> manual = new ArrayList<>();
    for (RuleDescriptor d : report.manualChecks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", d.id());
      m.put("check", d.what());
      m.put("why", d.why());
      manual.add(m);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("errors", report.errors().size());
    summary.put("warnings", report.warnings().size());
    summary.put("infos", report.infos().size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("violations", violations);
    out.put("manualChecks", manual);
    out.put("summary", summary);
    return out;
  }

  static void text(ValidationReport report, PrintWriter out) {
    for (Violation v : report.violations()) {
      out.printf(
          Locale.ROOT,
          "%s %s%s%n        %s%n        fix: %s  [%s]%n",
          colour(v.severity()),
          v.path(),
          v.location().map(l -> ":" + l).orElse(""),
          v.message(),
          v.hint(),
          v.ruleId());
    }
    if (!report.manualChecks().isEmpty()) {
      out.println();
      out.println("Check by hand (no file can decide these):");
      for (RuleDescriptor d : report.manualChecks()) {
        out.printf(Locale.ROOT, "  [ ] %s  [%s]%n", d.what(), d.id());
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%d error(s), %d warning(s), %d info(s)%n",
        report.errors().size(),
        report.warnings().size(),
        report.infos().size());
  }

  /** The severity padded to 7 columns, coloured only when stdout is a terminal. */
  static String colour(Severity severity) {
    String padded = String.format(Locale.ROOT, "%-7s", severity.name());
    String style =
        severity == Severity.ERROR ? "red" : severity == Severity.WARNING ? "yellow" : "cyan";
    return picocli.CommandLine.Help.Ansi.AUTO.string("@|bold," + style + " " + padded + "|@");
  }

  static int exitCode(ValidationReport report) {
    return report.violations().stream().anyMatch(v -> v.severity() == Severity.ERROR)
        ? Lorakit.FOUND_ERRORS
        : Lorakit.OK;
  }
}
