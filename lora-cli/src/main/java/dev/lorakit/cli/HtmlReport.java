package dev.lorakit.cli;

import dev.lorakit.core.caption.Caption;
import dev.lorakit.core.caption.TagCount;
import dev.lorakit.core.caption.TagStatistics;
import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.dataset.CaptionFile;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.plan.TrainingPlan;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.lora.CheckpointSeries;
import dev.lorakit.safetensors.lora.SeriesRow;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One self-contained HTML page (no external file, no network): a contact sheet per folder with a
 * violation badge on each image and its caption, resolution and aspect-ratio charts, a tag
 * frequency chart, the step budget and checkpoint schedule, and checkpoint statistics of a run.
 */
final class HtmlReport {
  static final int THUMB = 160;

  private HtmlReport() {}

  static String render(
      Workspace ws,
      ValidationReport report,
      Optional<TrainingPlan> plan,
      Optional<CheckpointSeries> series) {
    return render(ws, report, plan, series, Optional.empty(), Optional.empty());
  }

  /** The report with grid contact sheets and a checkpoint ranking, each when given. */
  static String render(
      Workspace ws,
      ValidationReport report,
      Optional<TrainingPlan> plan,
      Optional<CheckpointSeries> series,
      Optional<java.nio.file.Path> grid,
      Optional<com.fasterxml.jackson.databind.JsonNode> ranking) {
    StringBuilder h = new StringBuilder(1 << 20);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>lorakit report: ").append(esc(ws.project.name())).append("</title>");
    h.append("<style>").append(CSS).append("</style></head><body>");
    h.append("<h1>").append(esc(ws.project.name())).append("</h1>");
    h.append("<p class=\"sub\">")
        .append(esc(ws.project.baseModel().id()))
        .append(", trigger <code>")
        .append(esc(ws.project.trigger().value()))
        .append("</code> &middot; ")
        .append(report.errors().size())
        .append(" errors, ")
        .append(report.warnings().size())
        .append(" warnings, ")
        .append(report.infos().size())
        .append(" infos</p>");
    Map<String, List<Violation>> byImage = violationsByImage(report);
    ws.snapshot.ifPresent(s -> contactSheets(h, s, byImage));
    projectViolations(h, report, byImage);
    ws.snapshot.ifPresent(s -> charts(h, s));
    plan.ifPresent(p -> plan(h, p));
    series.ifPresent(s -> series(h, s));
    grid.ifPresent(g -> GridSheet.render(h, g));
    ranking.ifPresent(r -> ranking(h, r));
    h.append("<script>").append(SCRIPT).append("</script></body></html>");
    return h.toString();
  }

  /** Violations keyed by {@code folder/stem}, so caption problems land on their image. */
  static Map<String, List<Violation>> violationsByImage(ValidationReport report) {
    Map<String, List<Violation>> map = new LinkedHashMap<>();
    for (Violation v : report.violations()) {
      String key = stemKey(v.path());
      map.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }
    return map;
  }

  private static String stemKey(String path) {
    int dot = path.lastIndexOf('.');
    int slash = path.lastIndexOf('/');
    return dot > slash ? path.substring(0, dot) : path;
  }

  private static void contactSheets(
      StringBuilder h, DatasetSnapshot snap, Map<String, List<Violation>> byImage) {
    for (DatasetFolder f : snap.spec().folders()) {
      List<ImageEntry> images = snap.imagesIn(f.path());
      h.append("<section class=\"folder\"><h2>")
          .append(esc(f.path()))
          .append(" <small>")
          .append(esc(f.role().id()))
          .append(", repeats ")
          .append(f.repeats())
          .append(", ")
          .append(images.size())
          .append(" images</small></h2><div class=\"sheet\">");
      for (ImageEntry img : images) {
        List<Violation> vs = byImage.getOrDefault(stemKey(img.path()), List.of());
        Optional<Caption> caption = snap.captionFor(img).flatMap(CaptionFile::caption);
        h.append("<figure class=\"card\" data-path=\"").append(esc(img.path())).append("\">");
        thumbnail(snap.root().resolve(img.path()))
            .ifPresentOrElse(
                b64 ->
                    h.append("<img class=\"thumb\" alt=\"")
                        .append(esc(img.fileName()))
                        .append("\" src=\"data:image/jpeg;base64,")
                        .append(b64)
                        .append("\">"),
                () -> h.append("<div class=\"thumb broken\">unreadable</div>"));
        if (!vs.isEmpty()) {
          Severity worst =
              vs.stream().map(Violation::severity).min(Comparator.naturalOrder()).get();
          StringBuilder title = new StringBuilder();
          vs.forEach(v -> title.append(v.ruleId()).append(": ").append(v.message()).append('\n'));
          h.append("<span class=\"badge ")
              .append(worst.name().toLowerCase(Locale.ROOT))
              .append("\" title=\"")
              .append(esc(title.toString()))
              .append("\">")
              .append(vs.size())
              .append("</span>");
        }
        h.append("<figcaption><b>")
            .append(esc(img.fileName()))
            .append("</b> ")
            .append(img.width())
            .append("&times;")
            .append(img.height())
            .append("<br>")
            .append(esc(caption.map(Caption::text).orElse("(no caption)")))
            .append("</figcaption></figure>");
      }
      h.append("</div></section>");
    }
  }

  private static void projectViolations(
      StringBuilder h, ValidationReport report, Map<String, List<Violation>> byImage) {
    h.append(
        "<section><h2>All findings</h2><table><tr><th>severity</th><th>rule</th><th>path</th><th>message</th><th>fix</th></tr>");
    for (Violation v : report.violations()) {
      h.append("<tr class=\"")
          .append(v.severity().name().toLowerCase(Locale.ROOT))
          .append("\"><td>")
          .append(v.severity())
          .append("</td><td><code>")
          .append(esc(v.ruleId()))
          .append("</code></td><td>")
          .append(esc(v.path()))
          .append("</td><td>")
          .append(esc(v.message()))
          .append("</td><td>")
          .append(esc(v.hint()))
          .append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static void charts(StringBuilder h, DatasetSnapshot snap) {
    List<ImageEntry> images = snap.trainingImages();
    int maxSide = images.stream().mapToInt(i -> Math.max(i.width(), i.height())).max().orElse(1024);
    double scale = 280.0 / Math.max(1, maxSide);
    h.append("<section class=\"charts\"><h2>Resolution and aspect ratio</h2>");
    h.append("<svg id=\"resolution\" width=\"320\" height=\"320\" viewBox=\"0 0 320 320\">");
    h.append("<rect x=\"30\" y=\"10\" width=\"280\" height=\"280\" class=\"frame\"/>");
    int line = (int) Math.round(1024 * scale);
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"290\" class=\"guide\"/>",
            30 + line,
            30 + line));
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"30\" y1=\"%d\" x2=\"310\" y2=\"%d\" class=\"guide\"/>",
            290 - line,
            290 - line));
    for (ImageEntry i : images) {
      h.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s %dx%d</title></circle>",
              30 + i.width() * scale,
              290 - i.height() * scale,
              esc(i.path()),
              i.width(),
              i.height()));
    }
    h.append("<text x=\"170\" y=\"312\">width (dashed: 1024)</text></svg>");
    Map<String, Integer> ratios = new TreeMap<>();
    for (ImageEntry i : images) {
      double r = i.height() == 0 ? 0 : (double) i.width() / i.height();
      ratios.merge(String.format(Locale.ROOT, "%.2f", Math.round(r * 4) / 4.0), 1, Integer::sum);
    }
    bars(h, "aspect", "images by aspect ratio (w/h, nearest 0.25)", ratios);
    List<Caption> captions = new ArrayList<>();
    snap.captions().forEach(c -> c.caption().ifPresent(captions::add));
    Map<String, Integer> tags = new LinkedHashMap<>();
    for (TagCount t : TagStatistics.of(captions).top(20)) {
      tags.put(t.tag(), t.captions());
    }
    bars(h, "tags", "tag frequency (captions per tag, top 20)", tags);
    h.append("</section>");
  }

  private static void bars(StringBuilder h, String id, String title, Map<String, Integer> data) {
    int max = data.values().stream().mapToInt(i -> i).max().orElse(1);
    int height = 22 * data.size() + 30;
    h.append("<figure class=\"chart\"><figcaption>")
        .append(esc(title))
        .append("</figcaption><svg id=\"")
        .append(id)
        .append("\" width=\"420\" height=\"")
        .append(height)
        .append("\">");
    int y = 10;
    for (Map.Entry<String, Integer> e : data.entrySet()) {
      int w = (int) Math.round(250.0 * e.getValue() / Math.max(1, max));
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" class=\"label\">%s</text>",
              y + 14,
              esc(e.getKey())));
      h.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"150\" y=\"%d\" width=\"%d\" height=\"16\"/>",
              y,
              Math.max(1, w)));
      h.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>", 155 + w, y + 13, e.getValue()));
      y += 22;
    }
    h.append("</svg></figure>");
  }

  private static void plan(StringBuilder h, TrainingPlan plan) {
    h.append("<section><h2>Step budget</h2><pre>")
        .append(esc(plan.budget().formula()))
        .append("</pre>");
    h.append(
        "<h3>Checkpoint schedule</h3><table id=\"schedule\"><tr><th>step</th><th>epoch</th><th>file</th></tr>");
    for (Checkpoint c : plan.checkpoints()) {
      h.append("<tr><td>")
          .append(c.step().orElse(0))
          .append("</td><td>")
          .append(c.epoch().orElse(0))
          .append("</td><td>")
          .append(esc(c.file()))
          .append("</td></tr>");
    }
    h.append("</table>");
    h.append(
        String.format(
            Locale.ROOT,
            "<p>Memory estimate %.1f GB of %d GB (%s); %.1f h at %.1f s/step%s; evaluation grid %d images.</p>",
            plan.memory().totalGb(),
            plan.gpu().memoryGb(),
            esc(plan.gpu().displayName()),
            plan.time().totalHours(),
            plan.time().secondsPerStep(),
            plan.time().costUsd().isPresent()
                ? String.format(Locale.ROOT, ", about $%.2f", plan.time().costUsd().getAsDouble())
                : "",
            plan.evaluation().size()));
    h.append("</section>");
  }

  private static void ranking(StringBuilder h, com.fasterxml.jackson.databind.JsonNode rank) {
    h.append("<section id=\"ranking\"><h2>Checkpoint ranking by identity</h2>");
    com.fasterxml.jackson.databind.JsonNode best = rank.path("recommended");
    h.append("<p>")
        .append(
            best.isObject()
                ? "Recommended: step "
                    + best.path("step").asLong()
                    + (best.path("checkpoint").isTextual()
                        ? " (<code>" + esc(best.path("checkpoint").asText()) + "</code>)"
                        : "")
                : "No checkpoint recommended")
        .append(". ")
        .append(esc(rank.path("reason").asText()))
        .append("</p><table><tr><th>rank</th><th>step</th><th>identity</th><th>copycat</th>")
        .append("<th>faces</th><th>checkpoint</th></tr>");
    int n = 1;
    double copy = rank.path("copyThreshold").asDouble(0.85);
    for (com.fasterxml.jackson.databind.JsonNode c : rank.path("checkpoints")) {
      boolean copies = c.path("copycat").asDouble() >= copy;
      h.append(copies ? "<tr class=\"copy\">" : "<tr>")
          .append("<td>")
          .append(n++)
          .append("</td><td>")
          .append(c.path("step").asLong())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", c.path("identity").asDouble()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", c.path("copycat").asDouble()))
          .append(copies ? " copies" : "")
          .append("</td><td>")
          .append(c.path("faces").asInt())
          .append('/')
          .append(c.path("samples").asInt())
          .append("</td><td>")
          .append(esc(c.path("checkpoint").asText("-")))
          .append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static void series(StringBuilder h, CheckpointSeries series) {
    List<SeriesRow> rows = new ArrayList<>();
    for (SeriesRow r : series.rows()) {
      if (r.totalDeltaNorm().isPresent() && r.step().isPresent()) {
        rows.add(r);
      }
    }
    h.append("<section><h2>Checkpoint statistics</h2>");
    if (rows.isEmpty()) {
      h.append("<p>No readable checkpoints with steps.</p></section>");
      return;
    }
    int maxStep = rows.stream().mapToInt(r -> r.step().getAsInt()).max().orElse(1);
    double maxNorm =
        rows.stream().mapToDouble(r -> r.totalDeltaNorm().getAsDouble()).max().orElse(1);
    StringBuilder points = new StringBuilder();
    h.append(
        "<svg id=\"norms\" width=\"520\" height=\"240\"><rect x=\"40\" y=\"10\" width=\"460\" height=\"200\" class=\"frame\"/>");
    for (SeriesRow r : rows) {
      double x = 40 + 460.0 * r.step().getAsInt() / Math.max(1, maxStep);
      double y = 210 - 200.0 * r.totalDeltaNorm().getAsDouble() / (maxNorm == 0 ? 1 : maxNorm);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      h.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s: %.4f</title></circle>",
              x,
              y,
              esc(r.file()),
              r.totalDeltaNorm().getAsDouble()));
    }
    h.append("<polyline class=\"line\" points=\"").append(points).append("\"/>");
    h.append("<text x=\"200\" y=\"232\">step &rarr; total ||&Delta;W||</text></svg>");
    h.append(
        "<p class=\"sub\">Numbers, not a verdict: compare samples before choosing an epoch.</p></section>");
  }

  /** A JPEG thumbnail, decoded with subsampling so large images stay cheap. */
  static Optional<String> thumbnail(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return Optional.empty();
      }
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int hgt = reader.getHeight(0);
        int step = Math.max(1, Math.min(w, hgt) / (THUMB * 2));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage src = reader.read(0, param);
        double s = (double) THUMB / Math.max(src.getWidth(), src.getHeight());
        int tw = Math.max(1, (int) Math.round(src.getWidth() * s));
        int th = Math.max(1, (int) Math.round(src.getHeight() * s));
        BufferedImage dst = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, tw, th, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(dst, "jpg", bytes);
        return Optional.of(Base64.getEncoder().encodeToString(bytes.toByteArray()));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // A corrupt image is a finding of the check, shown as "unreadable"; the report goes on.
      return Optional.empty();
    }
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '&':
          b.append("&amp;");
          break;
        case '"':
          b.append("&quot;");
          break;
        case '\'':
          b.append("&#39;");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS =
      "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}"
          + "h1{margin:0}.sub{color:#666}code{background:#eee;padding:0 3px}"
          + ".sheet{display:flex;flex-wrap:wrap;gap:10px}"
          + ".card{position:relative;width:170px;margin:0;background:#fff;border:1px solid #ddd;padding:5px}"
          + ".thumb{max-width:160px;max-height:160px;display:block;margin:auto}"
          + ".broken{height:120px;background:#fdd;display:flex;align-items:center;justify-content:center}"
          + "figcaption{font-size:11px;word-break:break-word}"
          + ".badge{position:absolute;top:4px;right:4px;border-radius:10px;padding:1px 7px;color:#fff;font-weight:bold}"
          + ".badge.error{background:#c62828}.badge.warning{background:#ef6c00}.badge.info{background:#1565c0}"
          + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}"
          + "tr.error td:first-child{color:#c62828}tr.warning td:first-child{color:#ef6c00}"
          + ".charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.charts h2{width:100%}"
          + ".frame{fill:#fff;stroke:#999}.guide{stroke:#999;stroke-dasharray:4}.dot{fill:#3949ab}"
          + ".bar{fill:#5c6bc0}.label{font-size:12px}.line{fill:none;stroke:#3949ab;stroke-width:2}"
          + "svg text{font-size:11px}";

  // Marks the page once every thumbnail has decoded, for people and for the headless test.
  private static final String SCRIPT =
      "window.addEventListener('load',function(){"
          + "var imgs=document.querySelectorAll('img.thumb'),ok=0;"
          + "imgs.forEach(function(i){if(i.complete&&i.naturalWidth>0)ok++;});"
          + "document.body.setAttribute('data-thumbs',imgs.length);"
          + "document.body.setAttribute('data-thumbs-ok',ok);"
          + "document.body.setAttribute('data-badges',document.querySelectorAll('.badge').length);});";
}
