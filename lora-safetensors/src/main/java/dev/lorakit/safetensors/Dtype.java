package dev.lorakit.safetensors;

import java.util.Optional;

/**
 * The element types of safetensors, with the exact case-sensitive names of the reference {@code
 * Dtype} enum and in its order (which is also the order of increasing alignment).
 *
 * <pre>{@code
 * Dtype.fromName("BF16").orElseThrow().bits(); // 16
 * }</pre>
 */
public enum Dtype {
  BOOL(8),
  /** MXFP4 (E2M1), two values per byte. */
  F4(4),
  F6_E2M3(6),
  F6_E3M2(6),
  U8(8),
  I8(8),
  /** IEEE-like 8-bit float, bias 15 ({@code torch.float8_e5m2}). */
  F8_E5M2(8),
  /** 8-bit float, bias 7, no infinities, max 448 ({@code torch.float8_e4m3fn}). */
  F8_E4M3(8),
  /** Exponent-only scale 2^(e-127). */
  F8_E8M0(8),
  F8_E4M3FNUZ(8),
  F8_E5M2FNUZ(8),
  I16(16),
  U16(16),
  F16(16),
  BF16(16),
  I32(32),
  U32(32),
  F32(32),
  /** Complex number of two F32. */
  C64(64),
  F64(64),
  I64(64),
  U64(64);

  private static final Dtype[] VALUES = values();

  private final int bits;

  Dtype(int bits) {
    this.bits = bits;
  }

  /** Bits per element. */
  public int bits() {
    return bits;
  }

  /** The name as written in a safetensors header; the same as {@link #name()}. */
  public String safetensorsName() {
    return name();
  }

  /** Whether {@link dev.lorakit.safetensors.Tensor#toFloatArray()} can decode this type. */
  public boolean decodesToFloat() {
    return this != F4 && this != F6_E2M3 && this != F6_E3M2 && this != C64;
  }

  /** Whether this is a floating-point type (F4 ... F64, not C64). */
  public boolean isFloatingPoint() {
    return name().startsWith("F") || this == BF16;
  }

  /** The dtype with exactly this name; lower-case names are not dtypes. */
  public static Optional<Dtype> fromName(String name) {
    for (Dtype d : VALUES) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
