package dev.lorakit.safetensors;

import java.nio.file.Path;

/**
 * The file could not be read or written, or the path is not a regular file (a directory, a FIFO).
 */
public final class SafetensorsIoException extends SafetensorsException {
  private static final long serialVersionUID = 1L;

  SafetensorsIoException(SafetensorsErrorKind kind, String detail, Path file, Throwable cause) {
    super(kind, detail, file, cause);
  }
}
