package dev.lorakit.safetensors;

import java.nio.file.Path;

/** A tensor name that is not in the file ({@code TensorNotFound}). */
public final class TensorNotFoundException extends SafetensorsException {
  private static final long serialVersionUID = 1L;

  private final String tensorName;

  TensorNotFoundException(String tensorName, Path file) {
    super(
        SafetensorsErrorKind.TENSOR_NOT_FOUND, "no tensor named '" + tensorName + "'", file, null);
    this.tensorName = tensorName;
  }

  public String tensorName() {
    return tensorName;
  }
}
