package dev.lorakit.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One refresh of ai-toolkit's training progress bar as it reaches the pod log.
 *
 * <p>The bar is a tqdm ({@code toolkit/progress_bar.py}, {@code ToolkitProgressBar(tqdm)}) made
 * with {@code total=train_config.steps, desc=job.name, initial=step_num} ({@code
 * jobs/process/BaseSDTrainProcess.py} l.2484-2490); its postfix is {@code f"lr: {lr:.1e}"} then
 * {@code f" {key}: {value:.3e}"} per loss ({@code set_postfix_str}, l.2692-2698); after step {@code
 * step} it is set to {@code step + 1} (l.2797-2798). tqdm's default format is {@code {desc}:
 * {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]} with
 * {@code ", "} before a postfix, and without a terminal each refresh begins with {@code \r}:
 *
 * <pre>
 * maya_lora_lr1e-4_r8:  12%|█▏        | 120/1000 [02:00&lt;14:40,  1.00s/it, lr: 1.0e-04 loss: 3.456e-01]
 * </pre>
 *
 * @param step the bar's {@code n}: steps completed
 * @param total the bar's total (the config's {@code train.steps})
 * @param losses loss name (as in the postfix, {@code loss}) to value
 */
record ProgressLine(int step, int total, Optional<Double> lr, Map<String, Double> losses) {
  private static final Pattern BAR =
      Pattern.compile(
          "\\|\\s*(\\d+)/(\\d+) \\[[^\\],]*(?:,\\s*[^\\],]*?)(?:,\\s*(lr: [^\\]]*))?\\]");
  private static final Pattern PAIR =
      Pattern.compile("([A-Za-z_][\\w/.-]*): ([-+0-9.eE]+|nan|inf)");

  /** The last bar refresh in {@code log} (refreshes are separated by {@code \r} or new lines). */
  static Optional<ProgressLine> last(String log, String desc) {
    String[] parts = log.split("[\r\n]");
    for (int i = parts.length - 1; i >= 0; i--) {
      Optional<ProgressLine> line = parse(parts[i], desc);
      if (line.isPresent()) {
        return line;
      }
    }
    return Optional.empty();
  }

  /** One refresh, when {@code text} is a refresh of the bar named {@code desc}. */
  static Optional<ProgressLine> parse(String text, String desc) {
    int at = text.indexOf(desc + ":");
    if (at < 0) {
      return Optional.empty();
    }
    Matcher m = BAR.matcher(text);
    if (!m.find(at + desc.length())) {
      return Optional.empty();
    }
    Optional<Double> lr = Optional.empty();
    Map<String, Double> losses = new LinkedHashMap<>();
    if (m.group(3) != null) {
      Matcher p = PAIR.matcher(m.group(3));
      while (p.find()) {
        double value = number(p.group(2));
        if (p.group(1).equals("lr")) {
          lr = Optional.of(value);
        } else {
          losses.put(p.group(1), value);
        }
      }
    }
    return Optional.of(
        new ProgressLine(
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), lr, Map.copyOf(losses)));
  }

  private static double number(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
