package dev.lorakit.safetensors;

import java.nio.file.Path;

/**
 * The 8-byte length or the JSON header is invalid: {@code HeaderTooSmall}, {@code HeaderTooLarge},
 * {@code InvalidHeaderLength}, {@code InvalidHeader} (UTF-8) or {@code
 * InvalidHeaderDeserialization}.
 */
public final class SafetensorsHeaderException extends SafetensorsException {
  private static final long serialVersionUID = 1L;

  SafetensorsHeaderException(SafetensorsErrorKind kind, String detail, Path file, Throwable cause) {
    super(kind, detail, file, cause);
  }
}
