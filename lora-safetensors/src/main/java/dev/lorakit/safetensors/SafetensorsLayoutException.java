package dev.lorakit.safetensors;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The header is valid JSON but its tensors do not describe the file: {@code InvalidOffset}, {@code
 * ValidationOverflow}, {@code MisalignedSlice}, {@code TensorInvalidInfo}, {@code
 * MetadataIncompleteBuffer}, or (when writing) {@code InvalidTensorView}.
 */
public final class SafetensorsLayoutException extends SafetensorsException {
  private static final long serialVersionUID = 1L;

  private final String tensorName;

  SafetensorsLayoutException(
      SafetensorsErrorKind kind, String tensorName, String detail, Path file, Throwable cause) {
    super(kind, detail, file, cause);
    this.tensorName = tensorName;
  }

  /** The tensor the check failed on; absent for {@code MetadataIncompleteBuffer}. */
  public Optional<String> tensorName() {
    return Optional.ofNullable(tensorName);
  }
}
