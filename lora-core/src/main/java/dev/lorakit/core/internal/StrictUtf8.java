package dev.lorakit.core.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Strict UTF-8 decoding of caption files: malformed bytes are reported with their position instead
 * of being replaced, and a byte-order mark is accepted and remembered.
 */
public final class StrictUtf8 {
  /** Decoded text and whether the bytes began with a byte-order mark. */
  public static final class Decoded {
    private final String text;
    private final boolean bom;

    Decoded(String text, boolean bom) {
      this.text = text;
      this.bom = bom;
    }

    public String text() {
      return text;
    }

    public boolean bom() {
      return bom;
    }
  }

  /** The bytes are not UTF-8; the message names the first bad byte. */
  public static final class NotUtf8Exception extends Exception {
    private static final long serialVersionUID = 1L;

    NotUtf8Exception(String message) {
      super(message);
    }
  }

  private StrictUtf8() {}

  public static Decoded decode(byte[] bytes) throws NotUtf8Exception {
    boolean bom =
        bytes.length >= 3
            && (bytes[0] & 0xff) == 0xef
            && (bytes[1] & 0xff) == 0xbb
            && (bytes[2] & 0xff) == 0xbf;
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
      throw new NotUtf8Exception(
          String.format(Locale.ROOT, "byte %d is not valid UTF-8", in.position()));
    }
    if (decoder.flush(out).isError()) {
      throw new NotUtf8Exception("the file ends inside a UTF-8 character");
    }
    out.flip();
    return new Decoded(out.toString(), bom);
  }
}
