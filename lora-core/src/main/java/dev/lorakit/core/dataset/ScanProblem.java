package dev.lorakit.core.dataset;

import org.immutables.value.Value;

/**
 * A file or folder the scanner could not read: permission denied, a symlink loop, a folder named in
 * the spec that does not exist.
 */
@Value.Immutable
public abstract class ScanProblem {

  /** Dataset-relative path with {@code /} separators. */
  @Value.Parameter
  public abstract String path();

  /** Lower-case fragment naming the problem. */
  @Value.Parameter
  public abstract String message();

  public static ScanProblem of(String path, String message) {
    return ImmutableScanProblem.of(path, message);
  }
}
