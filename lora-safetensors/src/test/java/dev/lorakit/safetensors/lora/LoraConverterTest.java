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

  @Test
  void convert_metadataOnlyAlphaToKohya_statesTheScaleChange() {
    // comfyui.md L9, fixture peft_meta_alpha_r4_a2: real ComfyUI scale 1.0 on the source (alpha
    // in metadata is never read, weight_adapter/lora.py 174-177), 0.5 after toKohya.
    Path peft =
        LoraFiles.qwen()
            .blocks(1)
            .rank(4)
            .metadata("ss_network_alpha", "2")
            .write(dir.resolve("p.safetensors"));

    Conversion c =
        LoraConverter.convert(peft, dir.resolve("k.safetensors"), LoraConverter.Target.KOHYA);

    assertThat(c.input().comfyUi().scale()).hasValue(1.0);
    assertThat(c.statedScale()).hasValue(0.5);
    assertThat(c.output().comfyUi().scale()).hasValue(0.5);
    assertThat(c.scaleChanged()).isTrue();
    assertThat(c.modulesWithNewScale()).isEqualTo(14);
    assertThat(c.scaleNotes()).singleElement().asString().contains("metadata only");
    assertThat(c.verified()).isTrue();
    assertSameWeights(peft, dir.resolve("k.safetensors"));
  }

  @Test
  void convert_musubiToPeft_keepsTheScale() {
    // comfyui.md §2: musubi alpha 1 rank 2 loads at scale 0.5; toPeft keeps the alpha tensor.
    Path musubi =
        LoraFiles.qwen()
            .style(LoraFiles.KeyStyle.MUSUBI)
            .blocks(1)
            .rank(2)
            .alpha(1)
            .dtype(Dtype.BF16)
            .write(dir.resolve("m.safetensors"));

    Conversion c =
        LoraConverter.convert(musubi, dir.resolve("p.safetensors"), LoraConverter.Target.PEFT);

    assertThat(c.input().comfyUi().scale()).hasValue(0.5);
    assertThat(c.output().comfyUi().scale()).hasValue(0.5);
    assertThat(c.scaleChanged()).isFalse();
    assertThat(c.verified()).isTrue();
  }

  @Test
  void convert_unmappedPrefix_outputLoadsFully() {
    // base_model.model. is not mapped for Qwen (comfy/lora.py: SD3, PixArt, HunyuanDiT only);
    // the converter rewrites the names to diffusion_model.<path>.
    SafetensorsWriter w = SafetensorsWriter.create();
    LoraInspectorTest.addPeft(w, "base_model.model.transformer_blocks.0.attn.to_q", 4, 3072, 3072);
    Path in = dir.resolve("b.safetensors");
    w.write(in);

    Conversion c =
        LoraConverter.convert(in, dir.resolve("o.safetensors"), LoraConverter.Target.PEFT);

    assertThat(c.input().comfyUi().loadsFully()).isFalse();
    assertThat(c.output().comfyUi().patchedKeys())
        .containsExactly("diffusion_model.transformer_blocks.0.attn.to_q.weight");
    assertThat(c.verified()).isTrue();
    assertThat(c.output().warnings()).isEmpty();
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
