package dev.lorakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's evaluation-grid section: per prompt, a checkpoint x strength contact sheet of the
 * images {@code lorakit grid --comfy-url} downloaded, every seed side by side in its cell.
 */
final class GridSheet {
  private GridSheet() {}

  static void render(StringBuilder h, Path dir) {
    JsonNode m = GridCommand.readManifest(dir);
    List<String> checkpoints = strings(m.path("checkpoints"));
    List<Double> strengths = new ArrayList<>();
    m.path("strengths").forEach(s -> strengths.add(s.asDouble()));
    List<String> prompts = strings(m.path("prompts"));
    h.append("<style>table.gridsheet img{width:96px;height:auto;margin:2px}")
        .append("table.gridsheet td{vertical-align:top}</style>");
    h.append("<section class=\"grid\"><h2>Evaluation grid</h2><p class=\"sub\">")
        .append(HtmlReport.esc(m.path("baseModel").asText("")))
        .append(" &middot; ")
        .append(m.path("cells").size())
        .append(" cells; rows are checkpoints, columns LoRA strengths, one image per seed</p>");
    for (int p = 0; p < prompts.size(); p++) {
      h.append("<h3>Prompt ")
          .append(p)
          .append(": <code>")
          .append(HtmlReport.esc(prompts.get(p)))
          .append("</code></h3><table class=\"gridsheet\"><tr><th>checkpoint</th>");
      for (double s : strengths) {
        h.append("<th>").append(String.format(Locale.ROOT, "%.2f", s)).append("</th>");
      }
      h.append("</tr>");
      for (String ckpt : checkpoints) {
        h.append("<tr><th>").append(HtmlReport.esc(ckpt)).append("</th>");
        for (double s : strengths) {
          h.append("<td>");
          for (JsonNode c : m.path("cells")) {
            if (c.path("checkpoint").asText().equals(ckpt)
                && c.path("promptIndex").asInt() == p
                && c.path("strength").asDouble() == s) {
              image(h, dir, c);
            }
          }
          h.append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>");
    }
    h.append("</section>");
  }

  private static void image(StringBuilder h, Path dir, JsonNode cell) {
    String seed = "seed " + cell.path("seed").asText();
    JsonNode images = cell.path("images");
    if (images.isEmpty()) {
      h.append("<span class=\"missing\" title=\"")
          .append(HtmlReport.esc(cell.path("filenamePrefix").asText()))
          .append("\">")
          .append(seed)
          .append(": not run</span>");
      return;
    }
    for (JsonNode i : images) {
      Optional<String> thumb = HtmlReport.thumbnail(dir.resolve(i.asText()));
      if (thumb.isPresent()) {
        h.append("<img alt=\"")
            .append(HtmlReport.esc(seed))
            .append("\" title=\"")
            .append(HtmlReport.esc(seed + ", " + i.asText()))
            .append("\" src=\"data:image/jpeg;base64,")
            .append(thumb.get())
            .append("\">");
      } else {
        h.append("<span class=\"missing\">").append(seed).append(": unreadable</span>");
      }
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
