package dev.lorakit.core.caption;

import dev.lorakit.core.internal.StrictUtf8;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a caption file decoded as strict UTF-8, remembering what a rewrite must keep: a
 * byte-order mark, the line separator and a final newline.
 */
final class CaptionText {
  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  final String text;
  final boolean bom;
  final String lineSeparator;
  final boolean finalNewline;

  private CaptionText(String text, boolean bom) {
    this.text = text;
    this.bom = bom;
    this.lineSeparator = text.contains("\r\n") ? "\r\n" : "\n";
    this.finalNewline = text.endsWith("\n");
  }

  /** Thrown when the bytes are not UTF-8; the message names the first bad byte. */
  static final class NotUtf8 extends Exception {
    private static final long serialVersionUID = 1L;

    NotUtf8(String message) {
      super(message);
    }
  }

  static CaptionText decode(byte[] bytes) throws NotUtf8 {
    try {
      StrictUtf8.Decoded d = StrictUtf8.decode(bytes);
      return new CaptionText(d.text(), d.bom());
    } catch (StrictUtf8.NotUtf8Exception e) {
      throw new NotUtf8(e.getMessage());
    }
  }

  /** The bytes of {@code caption} written the way this file was: same BOM and final newline. */
  byte[] encode(Caption caption) {
    byte[] body =
        (caption.text() + (finalNewline ? lineSeparator : "")).getBytes(StandardCharsets.UTF_8);
    if (!bom) {
      return body;
    }
    byte[] out = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, out, 0, BOM.length);
    System.arraycopy(body, 0, out, BOM.length, body.length);
    return out;
  }
}
