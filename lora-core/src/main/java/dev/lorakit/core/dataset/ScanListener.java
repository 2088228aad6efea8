package dev.lorakit.core.dataset;

/**
 * Progress and cancellation for a scan. Methods are called from worker threads, so they must be
 * thread-safe and quick. A scan polls {@link #cancelled()} between files and stops with a {@link
 * java.util.concurrent.CancellationException}.
 *
 * <pre>{@code
 * AtomicBoolean stop = new AtomicBoolean();
 * ScanListener listener = new ScanListener() {
 *   public void fileScanned(String path, int done, int total) { bar.update(done, total); }
 *   public boolean cancelled() { return stop.get(); }
 * };
 * scanner.scan(root, listener);
 * }</pre>
 */
public interface ScanListener {

  /** A listener that ignores progress and never cancels. */
  ScanListener NONE = new ScanListener() {};

  /** The folder walk is done and {@code files} files will be read. */
  default void started(int files) {}

  /** One more file was read; {@code done} of {@code total}. */
  default void fileScanned(String path, int done, int total) {}

  /** The scan finished (normally or not). */
  default void finished() {}

  /** Polled between files; return true to stop the scan. */
  default boolean cancelled() {
    return false;
  }
}
