package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.safetensors.internal.Floats;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FloatsTest {

  @Test
  void halfToFloat_everyPattern_roundTripsThroughFloatToHalf() {
    for (int h = 0; h < 1 << 16; h++) {
      float f = Floats.halfToFloat((short) h);
      if (!Float.isNaN(f)) {
        assertThat(Floats.floatToHalf(f) & 0xFFFF).as("half %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void halfToFloat_knownValues_decode() {
    assertThat(Floats.halfToFloat((short) 0x3C00)).isEqualTo(1f);
    assertThat(Floats.halfToFloat((short) 0xC000)).isEqualTo(-2f);
    assertThat(Floats.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(Floats.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Floats.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Floats.halfToFloat((short) 0x7E00)).isNaN();
  }

  @Test
  void floatToHalf_ties_roundToEven() {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: rounds to 1 (even mantissa).
    assertThat(Floats.floatToHalf(1f + 0x1p-11f)).isEqualTo((short) 0x3C00);
    assertThat(Floats.floatToHalf(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02);
    assertThat(Floats.floatToHalf(70000f)).isEqualTo((short) 0x7C00);
  }

  @Test
  void bf16_knownValues_roundTrip() {
    assertThat(Floats.bf16ToFloat(Floats.floatToBf16(-2.5f))).isEqualTo(-2.5f);
    assertThat(Floats.bf16ToFloat((short) 0x3F80)).isEqualTo(1f);
    assertThat(Floats.bf16ToFloat(Floats.floatToBf16(Float.NaN))).isNaN();
  }

  @Test
  void f8_knownValues_decode() {
    assertThat(Floats.f8ToFloat((byte) 0x7E, Dtype.F8_E4M3)).isEqualTo(448f);
    assertThat(Floats.f8ToFloat((byte) 0x7F, Dtype.F8_E4M3)).isNaN();
    assertThat(Floats.f8ToFloat((byte) 0x38, Dtype.F8_E4M3)).isEqualTo(1f);
    assertThat(Floats.f8ToFloat((byte) 0x01, Dtype.F8_E4M3)).isEqualTo(0x1p-9f);
    assertThat(Floats.f8ToFloat((byte) 0x3C, Dtype.F8_E5M2)).isEqualTo(1f);
    assertThat(Floats.f8ToFloat((byte) 0x7B, Dtype.F8_E5M2)).isEqualTo(57344f);
    assertThat(Floats.f8ToFloat((byte) 0x7C, Dtype.F8_E5M2)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Floats.f8ToFloat((byte) 0x80, Dtype.F8_E4M3FNUZ)).isNaN();
    assertThat(Floats.f8ToFloat((byte) 0x40, Dtype.F8_E4M3FNUZ)).isEqualTo(1f);
    assertThat(Floats.f8ToFloat((byte) 0x40, Dtype.F8_E5M2FNUZ)).isEqualTo(1f);
    assertThat(Floats.f8ToFloat((byte) 127, Dtype.F8_E8M0)).isEqualTo(1f);
    assertThat(Floats.f8ToFloat((byte) 0xFF, Dtype.F8_E8M0)).isNaN();
  }

  @Test
  void decode_integerTypes_convert() {
    float[] out = new float[2];
    Floats.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 1}), Dtype.U8, out, 0, 2);
    assertThat(out).containsExactly(255f, 1f);
    Floats.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 1}), Dtype.I8, out, 0, 2);
    assertThat(out).containsExactly(-1f, 1f);
  }
}
