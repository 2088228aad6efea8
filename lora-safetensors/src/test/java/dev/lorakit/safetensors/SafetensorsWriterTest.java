package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

  @TempDir Path dir;

  private static long declaredN(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  private static String json(byte[] file) {
    return new String(file, 8, (int) declaredN(file), StandardCharsets.UTF_8);
  }

  @Test
  void toByteArray_empty_matchesReference() {
    byte[] file = SafetensorsWriter.create().toByteArray();

    assertThat(declaredN(file)).isEqualTo(8);
    assertThat(json(file)).isEqualTo("{}      ");
  }

  @Test
  void toByteArray_frameworkMetadata_isPaddedTo40() {
    byte[] file = SafetensorsWriter.create().metadata("framework", "pt").toByteArray();

    assertThat(declaredN(file)).isEqualTo(40);
    assertThat(json(file)).isEqualTo("{\"__metadata__\":{\"framework\":\"pt\"}}     ");
  }

  @Test
  void toByteArray_serializationVector_needsNoPadding() {
    float[] data = {0, 1, 2, 3, 4, 5};
    byte[] file =
        SafetensorsWriter.create()
            .addFloats("attn.0", Dtype.F32, List.of(1L, 2L, 3L), data)
            .toByteArray();

    assertThat(declaredN(file)).isEqualTo(64);
    assertThat(json(file))
        .isEqualTo("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}");
    assertThat(file).hasSize(8 + 64 + 24);
  }

  @Test
  void toByteArray_forcedAlignment_padsWithSevenSpaces() {
    byte[] file =
        SafetensorsWriter.create()
            .addFloats("attn0", Dtype.F32, List.of(1L, 1L, 2L, 3L), new float[6])
            .toByteArray();

    assertThat(declaredN(file)).isEqualTo(72);
    assertThat(json(file)).endsWith("]}}       ");
  }

  @Test
  void toByteArray_mixedDtypes_sortsByDescendingDtypeThenName() {
    byte[] file =
        SafetensorsWriter.create()
            .addFloats("z", Dtype.F16, List.of(1L), new float[1])
            .addFloats("b", Dtype.F32, List.of(1L), new float[1])
            .addFloats("a", Dtype.F32, List.of(1L), new float[1])
            .add("flag", Dtype.BOOL, List.of(1L), ByteBuffer.wrap(new byte[1]))
            .addFloats("y", Dtype.BF16, List.of(1L), new float[1])
            .toByteArray();

    SafetensorsHeader h = SafetensorsReader.parse(file);

    assertThat(h.tensors())
        .extracting(TensorInfo::name)
        .containsExactly("a", "b", "y", "z", "flag");
    assertThat(h.tensors())
        .allSatisfy(
            t ->
                assertThat((h.dataStart() + t.begin()) % Math.max(1, t.dtype().bits() / 8))
                    .isZero());
    assertThat(h.headerLength() % 8).isZero();
  }

  @Test
  void write_thenOpen_roundTripsValuesAndMetadata() {
    Path file = dir.resolve("rt.safetensors");
    float[] values = {0f, 1f, -2.5f, 65504f, 1e-7f, Float.NaN, Float.NEGATIVE_INFINITY};
    SafetensorsWriter.create()
        .metadata("training_info", "{\"step\": 250, \"epoch\": 3}")
        .addFloats("f32", Dtype.F32, List.of((long) values.length), values)
        .addFloats("f16", Dtype.F16, List.of((long) values.length), values)
        .addFloats("bf16", Dtype.BF16, List.of((long) values.length), values)
        .write(file);

    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      assertThat(f.header().metadata())
          .containsEntry("training_info", "{\"step\": 250, \"epoch\": 3}");
      assertThat(f.tensor("f32").toFloatArray()).containsExactly(values);
      float[] f16 = f.tensor("f16").toFloatArray();
      assertThat(f16[2]).isEqualTo(-2.5f);
      assertThat(f16[3]).isEqualTo(65504f);
      assertThat(f16[4]).isCloseTo(1e-7f, org.assertj.core.data.Offset.offset(6e-8f));
      assertThat(f16[5]).isNaN();
      assertThat(f16[6]).isEqualTo(Float.NEGATIVE_INFINITY);
      assertThat(f.tensor("bf16").toFloatArray()[2]).isEqualTo(-2.5f);
    }
  }

  @Test
  void add_wrongDataLength_isInvalidTensorView() {
    assertThatThrownBy(
            () ->
                SafetensorsWriter.create().add("t", Dtype.F32, List.of(2L), ByteBuffer.allocate(4)))
        .isInstanceOfSatisfying(
            SafetensorsLayoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SafetensorsErrorKind.INVALID_TENSOR_VIEW);
              assertThat(e.tensorName()).contains("t");
            });
  }

  @Test
  void headerBytes_hugeMetadata_isHeaderTooLarge() {
    char[] a = new char[100_000_000];
    Arrays.fill(a, 'a');
    SafetensorsWriter w = SafetensorsWriter.create().metadata("x", new String(a));

    assertThatThrownBy(w::headerBytes)
        .isInstanceOfSatisfying(
            SafetensorsHeaderException.class,
            e -> assertThat(e.kind()).isEqualTo(SafetensorsErrorKind.HEADER_TOO_LARGE));
  }
}
