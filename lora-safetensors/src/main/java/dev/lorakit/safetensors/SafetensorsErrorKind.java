package dev.lorakit.safetensors;

/**
 * The error kinds of the reference implementation ({@code SafeTensorError} in {@code
 * huggingface/safetensors}), one constant per variant that a reader can meet.
 */
public enum SafetensorsErrorKind {
  /** The file is shorter than the 8-byte header length. */
  HEADER_TOO_SMALL("HeaderTooSmall"),
  /** The declared header length is above 100,000,000 bytes. */
  HEADER_TOO_LARGE("HeaderTooLarge"),
  /** The declared header runs past the end of the file. */
  INVALID_HEADER_LENGTH("InvalidHeaderLength"),
  /** The header bytes are not valid UTF-8. */
  INVALID_HEADER("InvalidHeader"),
  /**
   * The header is not the expected JSON: syntax, types, unknown dtype, non-string metadata,
   * negative or fractional numbers, duplicate keys, excessive nesting.
   */
  INVALID_HEADER_DESERIALIZATION("InvalidHeaderDeserialization"),
  /** A tensor does not start where the previous one ended, or ends before it begins. */
  INVALID_OFFSET("InvalidOffset"),
  /** Element or bit count of a shape overflows 64 bits (or Java's long range). */
  VALIDATION_OVERFLOW("ValidationOverflow"),
  /** A sub-byte dtype whose bit count is not a whole number of bytes. */
  MISALIGNED_SLICE("MisalignedSlice"),
  /** The byte length of a tensor is not product(shape) times the dtype size. */
  TENSOR_INVALID_INFO("TensorInvalidInfo"),
  /** The tensors do not cover the data section exactly: truncated file or trailing bytes. */
  METADATA_INCOMPLETE_BUFFER("MetadataIncompleteBuffer"),
  /** A tensor name that is not in the file. */
  TENSOR_NOT_FOUND("TensorNotFound"),
  /** A view over a buffer whose length does not match dtype and shape (writer input). */
  INVALID_TENSOR_VIEW("InvalidTensorView"),
  /** Reading failed, or the path is not a regular file. */
  IO_ERROR("IoError");

  private final String referenceName;

  SafetensorsErrorKind(String referenceName) {
    this.referenceName = referenceName;
  }

  /** The name of the variant in the reference implementation, such as {@code InvalidOffset}. */
  public String referenceName() {
    return referenceName;
  }
}
