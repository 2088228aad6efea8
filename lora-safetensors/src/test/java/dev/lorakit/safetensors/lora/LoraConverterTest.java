package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraConverterTest {

  @TempDir Path dir;

  @Test
  void toKohya_aiToolkitFile_writesAlphaEqualRankAndLoadsCleanly() {
    Path peft =
        LoraFiles.qwen().blocks(2).rank(8).step(10).epoch(1).write(dir.resolve("a.safetensors"));

    CheckpointReport k = LoraConverter.toKohya(peft, dir.resolve("k.safetensors"));

    assertThat(k.format()).isEqualTo(CheckpointFormat.KOHYA);
    assertThat(k.tensors()).isEqualTo(28 * 3);
    assertThat(k.alpha()).hasValue(8.0);
    assertThat(k.alphaSource()).contains(AlphaSource.TENSOR);
    assertThat(k.scale()).hasValue(1.0);
    assertThat(k.coverage().covered()).isEqualTo(28);
    assertThat(k.warnings()).isEmpty();
    assertThat(k.step()).hasValue(10);
    assertThat(k.modules())
        .extracting(LoraModule::name)
        .contains("lora_unet_transformer_blocks_1_img_mlp_net_0_proj");
  }

  @Test
  void roundTrip_peftToKohyaToPeft_isByteIdentical() throws Exception {
    Path peft =
        LoraFiles.qwen().blocks(3).rank(4).dtype(Dtype.BF16).write(dir.resolve("p.safetensors"));
    Path kohya = dir.resolve("k.safetensors");
    Path back = dir.resolve("p2.safetensors");

    LoraConverter.toKohya(peft, kohya);
    LoraConverter.toPeft(kohya, back);

    assertThat(Files.mismatch(peft, back)).isEqualTo(-1L);
    assertSameWeights(peft, kohya);
  }

  @Test
  void roundTrip_musubiToPeftToKohya_keepsAlphaAndEveryWeightBit() throws Exception {
    Path musubi =
        LoraFiles.qwen()
            .style(LoraFiles.KeyStyle.MUSUBI)
            .blocks(2)
            .rank(16)
            .alpha(1)
            .write(dir.resolve("m.safetensors"));
    Path peft = dir.resolve("p.safetensors");
    Path back = dir.resolve("m2.safetensors");

    CheckpointReport p = LoraConverter.toPeft(musubi, peft);
    LoraConverter.toKohya(peft, back);

    assertThat(p.format()).isEqualTo(CheckpointFormat.PEFT);
    assertThat(p.alphaSource()).contains(AlphaSource.TENSOR);
    assertThat(p.scale()).hasValue(1.0 / 16);
    assertThat(p.warnings()).isEmpty();
    assertThat(Files.mismatch(musubi, back)).isEqualTo(-1L);
    assertSameWeights(musubi, peft);
  }

  @Test
  void toKohya_unknownKeys_isRejected() {
    SafetensorsWriter w = SafetensorsWriter.create();
    w.addFloats("foo.bar", Dtype.F32, List.of(1L), new float[1]);
    Path file = dir.resolve("x.safetensors");
    w.write(file);

    assertThatThrownBy(() -> LoraConverter.toKohya(file, dir.resolve("y.safetensors")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("foo.bar");
  }

  /** Every weight tensor of a has a tensor in b (matched by module and role) with equal bytes. */
  private static void assertSameWeights(Path a, Path b) {
    try (SafetensorsFile fa = SafetensorsReader.open(a);
        SafetensorsFile fb = SafetensorsReader.open(b)) {
      CheckpointReport ra = LoraInspector.inspect(fa);
      CheckpointReport rb = LoraInspector.inspect(fb);
      assertThat(rb.moduleCount()).isEqualTo(ra.moduleCount());
      for (int i = 0; i < ra.moduleCount(); i++) {
        LoraModule ma = ra.modules().get(i);
        LoraModule mb =
            rb.modules().stream()
                .filter(x -> x.modulePath().equals(ma.modulePath()))
                .findFirst()
                .orElseThrow();
        for (boolean downSide : new boolean[] {true, false}) {
          TensorInfo ta =
              fa.header()
                  .tensor(downSide ? ma.downTensor().get() : ma.upTensor().get())
                  .orElseThrow();
          TensorInfo tb =
              fb.header()
                  .tensor(downSide ? mb.downTensor().get() : mb.upTensor().get())
                  .orElseThrow();
          assertThat(tb.dtype()).isEqualTo(ta.dtype());
          assertThat(tb.shape()).isEqualTo(ta.shape());
          assertThat(fb.data(tb)).isEqualTo(fa.data(ta));
        }
      }
    }
  }
}
