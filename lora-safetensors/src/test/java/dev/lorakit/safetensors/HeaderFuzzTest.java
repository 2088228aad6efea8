package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the header parser. A normal build runs the committed text corpus under {@code
 * src/test/resources/dev/lorakit/safetensors/HeaderFuzzTestInputs/} as regression inputs; to fuzz
 * for longer run {@code JAZZER_FUZZ=1 mvn -pl lora-safetensors -am test -Dtest=HeaderFuzzTest
 * -Djazzer.max_duration=10m} (see docs/safetensors-performance.md).
 *
 * <p>Each input is tried twice: as a whole file, and as a JSON header behind an 8-byte length.
 * Either it parses, and then writing its tensor table back and parsing again gives the same table,
 * or it fails with a {@link SafetensorsException}: never another exception, never a hang or OOM.
 */
class HeaderFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void parse_anyInput_throwsOnlyTypedErrors(byte[] input) {
    check(input);
    byte[] prefixed = new byte[8 + input.length];
    ByteBuffer.wrap(prefixed).order(ByteOrder.LITTLE_ENDIAN).putLong(input.length).put(input);
    check(prefixed);
  }

  private static void check(byte[] file) {
    SafetensorsHeader header;
    try {
      header = SafetensorsReader.parse(file);
    } catch (SafetensorsException e) {
      assertThat(e.kind()).isNotNull();
      assertThat(e.getMessage()).startsWith(e.kind().referenceName() + ": ");
      return;
    }
    assertThat(header.headerLength() + 8 + sum(header)).isEqualTo(file.length);
    if (header.tensors().stream().allMatch(t -> t.dtype().bits() % 8 == 0)) {
      SafetensorsWriter w = SafetensorsWriter.create().metadata(header.metadata());
      for (TensorInfo t : header.tensors()) {
        w.add(t.name(), t.dtype(), t.shape(), ByteBuffer.allocate((int) t.byteLength()));
      }
      SafetensorsHeader again = SafetensorsReader.parse(w.toByteArray());
      assertThat(again.metadata()).isEqualTo(header.metadata());
      assertThat(again.tensors())
          .extracting(TensorInfo::name)
          .containsExactlyInAnyOrderElementsOf(
              header.tensors().stream().map(TensorInfo::name).toList());
    }
  }

  private static long sum(SafetensorsHeader h) {
    return h.tensors().stream().mapToLong(TensorInfo::byteLength).sum();
  }
}
