package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsHeader;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.TensorInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The inspector never throws on a valid file, whatever its keys, and its counts add up. */
class LoraInspectorProperties {

  private static final String[] PREFIXES = {
    "diffusion_model.", "transformer.", "base_model.model.", "lora_unet_", "lycoris_", "", "unet."
  };
  private static final String[] MODULES = {
    "transformer_blocks.0.attn.to_q",
    "transformer_blocks_7_img_mlp_net_2",
    "transformer_blocks.61.attn.to_k",
    "transformer_blocks.3.img_mod.1",
    "img_in",
    "norm_out_linear",
    "down_blocks_0_attentions_0_proj_in",
    "x"
  };
  private static final String[] SUFFIXES = {
    ".lora_A.weight",
    ".lora_B.weight",
    ".lora_down.weight",
    ".lora_up.weight",
    ".alpha",
    ".hada_w1_a",
    ".hada_w1_b",
    ".lokr_w1",
    ".lokr_w2_b",
    ".lora.down.weight",
    ".dora_scale",
    ".weight",
    ".lora_A.default.weight",
    ""
  };
  private static final Dtype[] TYPES = {Dtype.F16, Dtype.BF16, Dtype.F32, Dtype.U8, Dtype.I64};

  @Test
  void inspect_randomKeySets_neverThrowsAndCountsAddUp() {
    qt().withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              SafetensorsWriter w = SafetensorsWriter.create();
              if (rnd.nextBoolean()) {
                w.metadata("ss_network_alpha", rnd.nextBoolean() ? "Dynamic" : "4");
                w.metadata("training_info", rnd.nextBoolean() ? "{\"step\": 3}" : "{oops");
                w.metadata("modelspec.architecture", "Qwen-Image-Edit-Plus/lora");
              }
              Set<String> names = new HashSet<>();
              int count = rnd.nextInt(12);
              for (int i = 0; i < count; i++) {
                String name =
                    PREFIXES[rnd.nextInt(PREFIXES.length)]
                        + MODULES[rnd.nextInt(MODULES.length)]
                        + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
                if (name.isEmpty() || !names.add(name)) {
                  continue;
                }
                Dtype d = TYPES[rnd.nextInt(TYPES.length)];
                int dims = rnd.nextInt(4);
                List<Long> shape =
                    dims == 0
                        ? List.of()
                        : dims == 1
                            ? List.of((long) rnd.nextInt(4))
                            : dims == 2
                                ? List.of((long) rnd.nextInt(5), (long) rnd.nextInt(5))
                                : List.of((long) rnd.nextInt(3), (long) rnd.nextInt(3), 1L, 1L);
                long elements =
                    shape.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
                w.add(
                    name, d, shape, java.nio.ByteBuffer.allocate((int) (elements * d.bits() / 8)));
              }
              byte[] file = w.toByteArray();
              SafetensorsHeader header = SafetensorsReader.parse(file);

              CheckpointReport r = LoraInspector.inspect(header, "random.safetensors");

              assertThat(r.tensors()).isEqualTo(header.tensors().size());
              int inModules = r.modules().stream().mapToInt(m -> m.tensorNames().size()).sum();
              assertThat(inModules + r.unrecognizedKeys().size()).isLessThanOrEqualTo(r.tensors());
              long weights =
                  header.tensors().stream()
                      .filter(t -> !t.name().endsWith(".alpha"))
                      .mapToLong(TensorInfo::elementCount)
                      .sum();
              assertThat(r.parameters()).isLessThanOrEqualTo(weights);
              assertThat(r.coverage().covered()).isBetween(0, 840);
              assertThat(r.toCheckpoint().file()).isEqualTo("random.safetensors");
            });
  }
}
