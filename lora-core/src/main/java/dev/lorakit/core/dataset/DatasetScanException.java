package dev.lorakit.core.dataset;

/**
 * The dataset root itself cannot be scanned: it does not exist, is not a folder, or cannot be
 * listed. Problems with single files are not exceptions but {@link ScanProblem}s in the snapshot.
 */
public final class DatasetScanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetScanException(String message, Throwable cause) {
    super(message, cause);
  }

  public DatasetScanException(String message) {
    super(message);
  }
}
