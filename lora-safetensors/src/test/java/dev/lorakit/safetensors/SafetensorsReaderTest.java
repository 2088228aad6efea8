package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test vectors of the reference implementation (safetensors-lora.md §1.4), and more. */
class SafetensorsReaderTest {

  private static final String I32_2X2 =
      "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";

  @TempDir Path dir;

  private static SafetensorsErrorKind kindOf(byte[] bytes) {
    try {
      SafetensorsReader.parse(bytes);
    } catch (SafetensorsException e) {
      return e.kind();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void parse_referenceDeserialization_readsOneTensor() {
    byte[] bytes = Vectors.file(I32_2X2, 16);
    assertThat(bytes[0]).isEqualTo((byte) 60);

    SafetensorsHeader h = SafetensorsReader.parse(bytes);

    assertThat(h.headerLength()).isEqualTo(60);
    assertThat(h.tensors()).hasSize(1);
    TensorInfo t = h.tensor("test").orElseThrow();
    assertThat(t.dtype()).isEqualTo(Dtype.I32);
    assertThat(t.shape()).containsExactly(2L, 2L);
    assertThat(t.elementCount()).isEqualTo(4);
    assertThat(t.byteLength()).isEqualTo(16);
    assertThat(h.metadata()).isEmpty();
  }

  @Test
  void parse_emptyShape_isScalar() {
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4);
    assertThat(bytes[0]).isEqualTo((byte) 56);

    TensorInfo t = SafetensorsReader.parse(bytes).tensors().get(0);

    assertThat(t.shape()).isEmpty();
    assertThat(t.elementCount()).isEqualTo(1);
  }

  @Test
  void parse_zeroSizedTensor_isEmpty() {
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0, 0]}}", 0);
    assertThat(bytes[0]).isEqualTo((byte) 60);

    TensorInfo t = SafetensorsReader.parse(bytes).tensors().get(0);

    assertThat(t.elementCount()).isZero();
    assertThat(t.byteLength()).isZero();
  }

  @Test
  void parse_whitespacePaddedHeader_readsNoTensors() {
    assertThat(SafetensorsReader.parse(Vectors.file("{}\r \t\n", 0)).tensors()).isEmpty();
  }

  @Test
  void parse_leadingWhitespace_isAccepted() {
    assertThat(SafetensorsReader.parse(Vectors.file("\t\n{}\r ", 0)).tensors()).isEmpty();
  }

  @Test
  void parse_jsonAttack_isInvalidOffset() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 10; i++) {
      json.append(i == 0 ? "" : ",")
          .append("\"weight_")
          .append(i)
          .append("\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}");
    }
    json.append('}');

    assertThat(kindOf(Vectors.file(json.toString(), 16)))
        .isEqualTo(SafetensorsErrorKind.INVALID_OFFSET);
  }

  @Test
  void parse_trailingPolyglotBytes_isMetadataIncompleteBuffer() {
    byte[] valid = Vectors.file(I32_2X2, 16);
    byte[] polyglot =
        Vectors.concat(
            valid, "extra_bogus_data_for_polyglot_file".getBytes(StandardCharsets.US_ASCII));

    assertThat(kindOf(polyglot)).isEqualTo(SafetensorsErrorKind.METADATA_INCOMPLETE_BUFFER);
  }

  @Test
  void parse_missingTwoDataBytes_isMetadataIncompleteBuffer() {
    byte[] valid = Vectors.file(I32_2X2, 16);

    assertThat(kindOf(Arrays.copyOf(valid, valid.length - 2)))
        .isEqualTo(SafetensorsErrorKind.METADATA_INCOMPLETE_BUFFER);
  }

  @Test
  void parse_headerTooLarge_isHeaderTooLarge() {
    byte[] bytes = {0x3C, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    assertThat(kindOf(bytes)).isEqualTo(SafetensorsErrorKind.HEADER_TOO_LARGE);
  }

  @Test
  void parse_emptyBuffer_isHeaderTooSmall() {
    assertThat(kindOf(new byte[0])).isEqualTo(SafetensorsErrorKind.HEADER_TOO_SMALL);
    assertThat(kindOf(new byte[7])).isEqualTo(SafetensorsErrorKind.HEADER_TOO_SMALL);
  }

  @Test
  void parse_onlyLength_isInvalidHeaderLength() {
    byte[] bytes = {60, 0, 0, 0, 0, 0, 0, 0};

    assertThat(kindOf(bytes)).isEqualTo(SafetensorsErrorKind.INVALID_HEADER_LENGTH);
  }

  @Test
  void parse_nonUtf8_isInvalidHeader() {
    assertThat(kindOf(Vectors.file(1, new byte[] {(byte) 0xFF}, 0)))
        .isEqualTo(SafetensorsErrorKind.INVALID_HEADER);
  }

  @Test
  void parse_notJson_isInvalidHeaderDeserialization() {
    assertThat(kindOf(Vectors.file("{", 0)))
        .isEqualTo(SafetensorsErrorKind.INVALID_HEADER_DESERIALIZATION);
  }

  @Test
  void parse_wrongByteLength_isTensorInvalidInfo() {
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", 4);

    assertThat(kindOf(bytes)).isEqualTo(SafetensorsErrorKind.TENSOR_INVALID_INFO);
  }

  @Test
  void parse_overflowingShapes_isValidationOverflow() {
    byte[] u64 =
        Vectors.file(
            "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,18446744073709551614],\"data_offsets\":[0,16]}}",
            16);
    byte[] i64 =
        Vectors.file(
            "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,9223372036854775807],\"data_offsets\":[0,16]}}",
            16);
    assertThat(u64[0]).isEqualTo((byte) 79);
    assertThat(i64[0]).isEqualTo((byte) 78);

    assertThat(kindOf(u64)).isEqualTo(SafetensorsErrorKind.VALIDATION_OVERFLOW);
    assertThat(kindOf(i64)).isEqualTo(SafetensorsErrorKind.VALIDATION_OVERFLOW);
  }

  @Test
  void parse_f4OddElementCount_isMisalignedSlice() {
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"F4\",\"shape\":[1,3],\"data_offsets\":[0,2]}}", 2);

    assertThat(kindOf(bytes)).isEqualTo(SafetensorsErrorKind.MISALIGNED_SLICE);
  }

  @Test
  void parse_f4WithTwoBytesForTwoValues_isTensorInvalidInfo() {
    // The reference reports InvalidTensorView when building a view; a reader sees the size check.
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"F4\",\"shape\":[1,2],\"data_offsets\":[0,2]}}", 2);

    assertThat(kindOf(bytes)).isEqualTo(SafetensorsErrorKind.TENSOR_INVALID_INFO);
  }

  @Test
  void parse_f4TwoValuesInOneByte_reads() {
    byte[] bytes =
        Vectors.file("{\"test\":{\"dtype\":\"F4\",\"shape\":[1,2],\"data_offsets\":[0,1]}}", 1);

    assertThat(SafetensorsReader.parse(bytes).tensors().get(0).byteLength()).isEqualTo(1);
  }

  @Test
  void parse_badJsonShapes_isInvalidHeaderDeserialization() {
    List<String> headers =
        List.of(
            "[]",
            "{\"t\":{\"dtype\":\"bf16\",\"shape\":[1],\"data_offsets\":[0,2]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,4]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}",
            "{\"t\":{\"shape\":[1],\"data_offsets\":[0,4]}}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],\"data_offsets\":[0,4]}}",
            "{\"__metadata__\":{\"a\":1}}",
            "{\"__metadata__\":{\"a\":null}}",
            "{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}",
            "{\"__metadata__\":[]}",
            "{\"a\":\"b\"}",
            "{}{}",
            "{} x",
            "{}\0\0",
            "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}");
    for (String h : headers) {
      assertThat(kindOf(Vectors.file(h, 4)))
          .as(h)
          .isEqualTo(SafetensorsErrorKind.INVALID_HEADER_DESERIALIZATION);
    }
  }

  @Test
  void parse_duplicateTensorKey_isRejectedWithMessage() {
    String json =
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";

    assertThatThrownBy(() -> SafetensorsReader.parse(Vectors.file(json, 8)))
        .isInstanceOf(SafetensorsHeaderException.class)
        .hasMessageContaining("InvalidHeaderDeserialization")
        .hasMessageContaining("duplicate key");
  }

  @Test
  void parse_deepNesting_isRejectedWithoutStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String json =
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":" + deep + "}}";

    assertThatThrownBy(() -> SafetensorsReader.parse(Vectors.file(json, 4)))
        .isInstanceOf(SafetensorsHeaderException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void parse_extraFieldsAndNullMetadata_areIgnored() {
    String json =
        "{\"__metadata__\":null,\"t\":{\"dtype\":\"F32\",\"x\":{\"y\":[1,[2]]},"
            + "\"shape\":[1],\"data_offsets\":[0,4]}}";

    SafetensorsHeader h = SafetensorsReader.parse(Vectors.file(json, 4));

    assertThat(h.tensors()).extracting(TensorInfo::name).containsExactly("t");
  }

  @Test
  void parse_unsortedOffsets_keepsHeaderOrder() {
    String json =
        "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

    SafetensorsHeader h = SafetensorsReader.parse(Vectors.file(json, 8));

    assertThat(h.tensors()).extracting(TensorInfo::name).containsExactly("b", "a");
    assertThat(h.metadata()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void parse_shapeBeyondLongWithZeroDimension_isValidationOverflow() {
    String json =
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[0,18446744073709551615],\"data_offsets\":[0,0]}}";

    assertThat(kindOf(Vectors.file(json, 0))).isEqualTo(SafetensorsErrorKind.VALIDATION_OVERFLOW);
  }

  @Test
  void parse_offsetsBeyondLong_isRejected() {
    String json =
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[18446744073709551611,18446744073709551615]}}";

    assertThat(kindOf(Vectors.file(json, 4))).isEqualTo(SafetensorsErrorKind.INVALID_OFFSET);
  }

  @Test
  void readHeader_declared100GbHeader_isHeaderTooLargeWithoutAllocating() throws Exception {
    Path file = dir.resolve("huge.safetensors");
    Files.write(file, Vectors.file(100_000_000_000L, "{}".getBytes(StandardCharsets.US_ASCII), 0));

    assertThatThrownBy(() -> SafetensorsReader.readHeader(file))
        .isInstanceOfSatisfying(
            SafetensorsHeaderException.class,
            e -> assertThat(e.kind()).isEqualTo(SafetensorsErrorKind.HEADER_TOO_LARGE))
        .hasMessageContaining("huge.safetensors");
  }

  @Test
  void readHeader_headerLongerThanFile_isInvalidHeaderLength() throws Exception {
    Path file = dir.resolve("short.safetensors");
    Files.write(file, Vectors.file(99_999_999L, "{}".getBytes(StandardCharsets.US_ASCII), 0));

    assertThatThrownBy(() -> SafetensorsReader.readHeader(file))
        .isInstanceOfSatisfying(
            SafetensorsException.class,
            e -> assertThat(e.kind()).isEqualTo(SafetensorsErrorKind.INVALID_HEADER_LENGTH));
  }

  @Test
  void readHeader_truncatedFiles_areRejected() throws Exception {
    byte[] valid = Vectors.file(I32_2X2, 16);
    for (int len = 0; len < valid.length; len++) {
      Path file = dir.resolve("t" + len + ".safetensors");
      Files.write(file, Arrays.copyOf(valid, len));

      assertThatThrownBy(() -> SafetensorsReader.readHeader(file))
          .as("length %d", len)
          .isInstanceOf(SafetensorsException.class);
    }
  }

  @Test
  void readHeader_directory_isIoError() {
    assertThatThrownBy(() -> SafetensorsReader.readHeader(dir))
        .isInstanceOfSatisfying(
            SafetensorsIoException.class,
            e -> assertThat(e.kind()).isEqualTo(SafetensorsErrorKind.IO_ERROR))
        .hasMessageContaining("directory");
  }

  @Test
  void readHeader_missingFile_isIoError() {
    assertThatThrownBy(() -> SafetensorsReader.readHeader(dir.resolve("none.safetensors")))
        .isInstanceOf(SafetensorsIoException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void readHeader_fifo_isIoErrorWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pipe.safetensors");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo available");

    assertThatThrownBy(() -> SafetensorsReader.readHeader(fifo))
        .isInstanceOf(SafetensorsIoException.class)
        .hasMessageContaining("not a regular file");
  }
}
