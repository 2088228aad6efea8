package dev.lorakit.safetensors;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A safetensors file could not be read or written. Subclasses group the reference error kinds:
 * {@link SafetensorsHeaderException} (length and JSON), {@link SafetensorsLayoutException} (shapes
 * and offsets), {@link TensorNotFoundException} and {@link SafetensorsIoException}.
 *
 * <pre>{@code
 * try {
 *   SafetensorsReader.readHeader(path);
 * } catch (SafetensorsException e) {
 *   e.kind(); // SafetensorsErrorKind.INVALID_OFFSET
 *   e.getMessage(); // "InvalidOffset: tensor 'b' begins at 0, expected 16 (lora.safetensors)"
 * }
 * }</pre>
 */
public class SafetensorsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SafetensorsErrorKind kind;
  private final transient Path file;
  private final String detail;

  SafetensorsException(SafetensorsErrorKind kind, String detail, Path file, Throwable cause) {
    super(format(kind, detail, file), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.detail = detail;
    this.file = file;
  }

  private static String format(SafetensorsErrorKind kind, String detail, Path file) {
    return kind.referenceName()
        + ": "
        + detail
        + (file == null ? "" : " (" + file.toString().replace('\\', '/') + ")");
  }

  /** Which reference error this is. */
  public SafetensorsErrorKind kind() {
    return kind;
  }

  /** The message without the kind and file. */
  public String detail() {
    return detail;
  }

  /** The file, when the error came from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
