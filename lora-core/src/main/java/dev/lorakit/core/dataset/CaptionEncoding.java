package dev.lorakit.core.dataset;

/** How a caption file's bytes decode. */
public enum CaptionEncoding {
  /** Valid UTF-8 without a byte-order mark. */
  UTF8,
  /** Valid UTF-8 with a byte-order mark, which trainers strip. */
  UTF8_BOM,
  /** Bytes that are not valid UTF-8 (often Latin-1 or UTF-16 from an old editor). */
  NOT_UTF8,
  /** Larger than the scanner reads (see {@link ScanOptions#maxCaptionBytes()}). */
  TOO_LARGE,
  /** The file could not be read at all. */
  UNREADABLE;

  /** Whether the text could be decoded. */
  public boolean decoded() {
    return this == UTF8 || this == UTF8_BOM;
  }
}
