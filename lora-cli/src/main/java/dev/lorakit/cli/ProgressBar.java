package dev.lorakit.cli;

import dev.lorakit.core.dataset.ScanListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A scan progress bar on stderr, only when stderr is a terminal and output is not quiet: stdout
 * stays clean for JSON and pipes.
 */
final class ProgressBar implements ScanListener {
  private final PrintStream err;
  private final boolean enabled;
  private volatile long lastDraw;

  private final String label;

  private ProgressBar(PrintStream err, boolean enabled, String label) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
  }

  static ScanListener forTerminal(boolean quiet) {
    return forTerminal(quiet, "scanning");
  }

  /** A bar whose line starts with {@code label}, such as "tagging". */
  static ScanListener forTerminal(boolean quiet, String label) {
    boolean tty = System.console() != null && System.getenv("TERM") != null;
    return new ProgressBar(System.err, tty && !quiet, label);
  }

  @Override
  public void fileScanned(String path, int done, int total) {
    long now = System.nanoTime();
    if (!enabled || (now - lastDraw < 100_000_000L && done < total)) {
      return;
    }
    lastDraw = now;
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    synchronized (err) {
      err.printf(
          Locale.ROOT,
          "\r%s [%s%s] %d/%d",
          label,
          "#".repeat(filled),
          " ".repeat(width - filled),
          done,
          total);
    }
  }

  @Override
  public void finished() {
    if (enabled) {
      synchronized (err) {
        err.print("\r" + " ".repeat(60) + "\r");
        err.flush();
      }
    }
  }
}
