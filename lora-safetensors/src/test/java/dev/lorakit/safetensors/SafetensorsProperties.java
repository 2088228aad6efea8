package dev.lorakit.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Round trips of the writer and reader, and "never throws anything but a typed error". */
class SafetensorsProperties {

  private static final Dtype[] TYPES = {
    Dtype.F32, Dtype.F16, Dtype.BF16, Dtype.U8, Dtype.I32, Dtype.F64, Dtype.F8_E4M3, Dtype.BOOL
  };

  /** A random valid file from a seed; returned with the tensors' bytes by name. */
  private static byte[] randomFile(long seed, Map<String, byte[]> data, Map<String, String> meta) {
    SplittableRandom rnd = new SplittableRandom(seed);
    SafetensorsWriter w = SafetensorsWriter.create();
    int metaCount = rnd.nextInt(4);
    for (int i = 0; i < metaCount; i++) {
      String k = "k" + i + (rnd.nextBoolean() ? "\u00e9\"\\" : "");
      String v = rnd.nextBoolean() ? "{\"step\": " + rnd.nextInt(1000) + "}" : "v\n" + i;
      meta.put(k, v);
    }
    w.metadata(meta);
    int tensors = rnd.nextInt(6);
    for (int t = 0; t < tensors; t++) {
      Dtype d = TYPES[rnd.nextInt(TYPES.length)];
      int rank = rnd.nextInt(4);
      List<Long> shape = new ArrayList<>();
      long elements = 1;
      for (int i = 0; i < rank; i++) {
        long dim = rnd.nextInt(5);
        shape.add(dim);
        elements *= dim;
      }
      byte[] bytes = new byte[(int) (elements * d.bits() / 8)];
      rnd.nextBytes(bytes);
      String name = "t" + t + (rnd.nextBoolean() ? ".lora_A.weight" : "");
      data.put(name, bytes);
      w.add(name, d, shape, ByteBuffer.wrap(bytes));
    }
    return w.toByteArray();
  }

  @Test
  void writeThenParse_randomFiles_roundTrip() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Map<String, byte[]> data = new LinkedHashMap<>();
              Map<String, String> meta = new LinkedHashMap<>();
              byte[] file = randomFile(seed, data, meta);

              SafetensorsHeader h = SafetensorsReader.parse(file);

              assertThat(h.headerLength() % 8).isZero();
              assertThat(h.metadata()).isEqualTo(meta);
              assertThat(h.tensors()).hasSize(data.size());
              for (TensorInfo t : h.tensors()) {
                byte[] expected = data.get(t.name());
                byte[] actual = new byte[(int) t.byteLength()];
                System.arraycopy(file, (int) (h.dataStart() + t.begin()), actual, 0, actual.length);
                assertThat(actual).isEqualTo(expected);
              }
            });
  }

  @Test
  void parse_mutatedFiles_failOnlyWithTypedErrors() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().between(0, 3))
        .checkAssert(
            (seed, mutation) -> {
              byte[] file = randomFile(seed, new LinkedHashMap<>(), new LinkedHashMap<>());
              SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
              byte[] mutated;
              switch (mutation) {
                case 0:
                  mutated = file.clone();
                  mutated[rnd.nextInt(mutated.length)] = (byte) rnd.nextInt(256);
                  break;
                case 1:
                  mutated = java.util.Arrays.copyOf(file, rnd.nextInt(file.length + 1));
                  break;
                case 2:
                  mutated = java.util.Arrays.copyOf(file, file.length + 1 + rnd.nextInt(16));
                  break;
                default:
                  mutated = new byte[rnd.nextInt(64)];
                  rnd.nextBytes(mutated);
              }
              try {
                SafetensorsHeader h = SafetensorsReader.parse(mutated);
                long covered = h.tensors().stream().mapToLong(TensorInfo::byteLength).sum();
                assertThat(h.dataStart() + covered).isEqualTo(mutated.length);
              } catch (SafetensorsException e) {
                assertThat(e.getMessage()).startsWith(e.kind().referenceName());
              }
            });
  }
}
