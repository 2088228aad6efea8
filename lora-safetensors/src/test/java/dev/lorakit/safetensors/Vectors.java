package dev.lorakit.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds raw safetensors byte arrays for tests. */
final class Vectors {

  private Vectors() {}

  /** 8-byte little-endian N, the header text as UTF-8, then {@code dataBytes} zero bytes. */
  static byte[] file(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return file(h.length, h, dataBytes);
  }

  static byte[] file(long declaredN, byte[] header, int dataBytes) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredN);
    b.put(header);
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
