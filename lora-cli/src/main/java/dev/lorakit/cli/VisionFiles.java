package dev.lorakit.cli;

import dev.lorakit.core.dataset.DatasetScanException;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.vision.ModelFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Shared plumbing of the vision commands: model files as one-line user errors, the scan. */
final class VisionFiles {
  private VisionFiles() {}

  /** Opens a model; a missing or wrong file becomes a one-line error with the fix (exit 2). */
  static <T> T open(Supplier<T> opener) {
    try {
      return opener.get();
    } catch (ModelFileException e) {
      throw new UserException(e.getMessage(), e.fix());
    }
  }

  static DatasetSnapshot scan(Path root) {
    try {
      return DatasetScanner.of(ScanOptions.builder().build()).scan(root);
    } catch (DatasetScanException e) {
      throw new UserException(e.getMessage(), "give the dataset folder that holds 40_name folders");
    }
  }

  /** A dataset-relative path with {@code /}. */
  static String rel(Path root, Path file) {
    return root.toAbsolutePath()
        .normalize()
        .relativize(file.toAbsolutePath().normalize())
        .toString()
        .replace('\\', '/');
  }
}
