package dev.lorakit.safetensors.internal;

import dev.lorakit.safetensors.Dtype;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between the float types of safetensors and Java {@code float}. F16 decoding is by a
 * 65,536-entry table because {@code Float.float16ToFloat} exists only from Java 20.
 */
public final class Floats {

  private static final float[] HALF = new float[1 << 16];
  private static final float[] E4M3 = new float[256];
  private static final float[] E5M2 = new float[256];
  private static final float[] E8M0 = new float[256];
  private static final float[] E4M3FNUZ = new float[256];
  private static final float[] E5M2FNUZ = new float[256];
  private static final int CHUNK = 4096;

  static {
    for (int h = 0; h < HALF.length; h++) {
      HALF[h] = computeHalf(h);
    }
    for (int b = 0; b < 256; b++) {
      E5M2[b] = HALF[b << 8];
      E4M3[b] = minifloat(b, 4, 3, 7, false);
      E4M3FNUZ[b] = minifloat(b, 4, 3, 8, true);
      E5M2FNUZ[b] = minifloat(b, 5, 2, 16, true);
      E8M0[b] = b == 0xFF ? Float.NaN : (float) Math.scalb(1.0, b - 127);
    }
  }

  private Floats() {}

  /** IEEE binary16 bits to float, exactly. */
  public static float halfToFloat(short bits) {
    return HALF[bits & 0xFFFF];
  }

  /** bfloat16 bits to float, exactly. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** One F8 byte of {@code dtype} to float. */
  public static float f8ToFloat(byte b, Dtype dtype) {
    return f8Table(dtype)[b & 0xFF];
  }

  /** Float to IEEE binary16 bits, rounding to nearest even; overflow gives infinity. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }

  /** Float to bfloat16 bits, rounding to nearest even. */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7FFFFFFF) > 0x7F800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /**
   * Decodes {@code count} elements starting at the buffer's position into {@code dst}. The buffer's
   * position is not changed; its byte order is ignored (safetensors is little-endian).
   */
  public static void decode(ByteBuffer src, Dtype dtype, float[] dst, int dstOffset, int count) {
    ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32:
        b.asFloatBuffer().get(dst, dstOffset, count);
        return;
      case F16:
      case BF16:
        {
          short[] s = new short[Math.min(CHUNK, count)];
          java.nio.ShortBuffer sb = b.asShortBuffer();
          for (int done = 0; done < count; ) {
            int n = Math.min(s.length, count - done);
            sb.get(s, 0, n);
            int o = dstOffset + done;
            if (dtype == Dtype.F16) {
              for (int i = 0; i < n; i++) {
                dst[o + i] = HALF[s[i] & 0xFFFF];
              }
            } else {
              for (int i = 0; i < n; i++) {
                dst[o + i] = Float.intBitsToFloat((s[i] & 0xFFFF) << 16);
              }
            }
            done += n;
          }
          return;
        }
      case F8_E4M3:
      case F8_E5M2:
      case F8_E8M0:
      case F8_E4M3FNUZ:
      case F8_E5M2FNUZ:
        {
          float[] table = f8Table(dtype);
          byte[] s = new byte[Math.min(CHUNK, count)];
          for (int done = 0; done < count; ) {
            int n = Math.min(s.length, count - done);
            b.get(s, 0, n);
            int o = dstOffset + done;
            for (int i = 0; i < n; i++) {
              dst[o + i] = table[s[i] & 0xFF];
            }
            done += n;
          }
          return;
        }
      default:
        decodeOther(b, dtype, dst, dstOffset, count);
    }
  }

  /**
   * Decodes {@code count} elements starting at the buffer's position into doubles; the buffer's
   * position is not changed.
   */
  public static void decode(ByteBuffer src, Dtype dtype, double[] dst, int count) {
    ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F16:
      case BF16:
        {
          short[] s = new short[Math.min(CHUNK, count)];
          java.nio.ShortBuffer sb = b.asShortBuffer();
          boolean half = dtype == Dtype.F16;
          for (int done = 0; done < count; ) {
            int n = Math.min(s.length, count - done);
            sb.get(s, 0, n);
            if (half) {
              for (int i = 0; i < n; i++) {
                dst[done + i] = HALF[s[i] & 0xFFFF];
              }
            } else {
              for (int i = 0; i < n; i++) {
                dst[done + i] = Float.intBitsToFloat((s[i] & 0xFFFF) << 16);
              }
            }
            done += n;
          }
          return;
        }
      case F64:
        b.asDoubleBuffer().get(dst, 0, count);
        return;
      default:
        {
          float[] f = new float[Math.min(CHUNK, count)];
          int size = dtype.bits() / 8;
          for (int done = 0; done < count; ) {
            int n = Math.min(f.length, count - done);
            ByteBuffer part = b.duplicate();
            part.position(b.position() + done * size);
            decode(part, dtype, f, 0, n);
            for (int i = 0; i < n; i++) {
              dst[done + i] = f[i];
            }
            done += n;
          }
        }
    }
  }

  private static void decodeOther(
      ByteBuffer b, Dtype dtype, float[] dst, int dstOffset, int count) {
    for (int i = 0; i < count; i++) {
      float v;
      switch (dtype) {
        case F64:
          v = (float) b.getDouble();
          break;
        case BOOL:
          v = b.get() != 0 ? 1f : 0f;
          break;
        case U8:
          v = b.get() & 0xFF;
          break;
        case I8:
          v = b.get();
          break;
        case I16:
          v = b.getShort();
          break;
        case U16:
          v = b.getShort() & 0xFFFF;
          break;
        case I32:
          v = b.getInt();
          break;
        case U32:
          v = b.getInt() & 0xFFFFFFFFL;
          break;
        case I64:
          v = b.getLong();
          break;
        case U64:
          {
            long l = b.getLong();
            v = l >= 0 ? l : (float) (((l >>> 1) | (l & 1)) * 2.0);
            break;
          }
        default:
          throw new UnsupportedOperationException(dtype + " does not decode to float");
      }
      dst[dstOffset + i] = v;
    }
  }

  private static float[] f8Table(Dtype dtype) {
    switch (dtype) {
      case F8_E4M3:
        return E4M3;
      case F8_E5M2:
        return E5M2;
      case F8_E8M0:
        return E8M0;
      case F8_E4M3FNUZ:
        return E4M3FNUZ;
      case F8_E5M2FNUZ:
        return E5M2FNUZ;
      default:
        throw new IllegalArgumentException(dtype + " is not an 8-bit float");
    }
  }

  private static float computeHalf(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /**
   * An 8-bit float with {@code expBits}, {@code mantBits} and {@code bias}. The "fn" E4M3 variant
   * has no infinities and one NaN pattern per sign (S.1111.111); the FNUZ variants have one NaN
   * (0x80), no infinities and no negative zero.
   */
  private static float minifloat(int b, int expBits, int mantBits, int bias, boolean fnuz) {
    if (fnuz && b == 0x80) {
      return Float.NaN;
    }
    boolean negative = (b & 0x80) != 0;
    int exp = (b >>> mantBits) & ((1 << expBits) - 1);
    int mant = b & ((1 << mantBits) - 1);
    if (!fnuz && exp == (1 << expBits) - 1 && mant == (1 << mantBits) - 1) {
      return Float.NaN;
    }
    double v;
    if (exp == 0) {
      v = Math.scalb((double) mant, 1 - bias - mantBits);
    } else {
      v = Math.scalb(1.0 + mant / (double) (1 << mantBits), exp - bias);
    }
    return (float) (negative ? -v : v);
  }
}
