package dev.lorakit.core.caption;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
    boolean bom =
        bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    int offset = bom ? 3 : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new NotUtf8(String.format(Locale.ROOT, "byte %d is not valid UTF-8", in.position()));
    }
    if (decoder.flush(out).isError()) {
      throw new NotUtf8("the file ends inside a UTF-8 character");
    }
    out.flip();
    return new CaptionText(out.toString(), bom);
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
