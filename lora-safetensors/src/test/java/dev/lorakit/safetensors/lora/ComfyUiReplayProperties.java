package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsHeader;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * On random key sets (mapped and unmapped names, every suffix family, shapes that fit and shapes
 * that do not): the inspector warns exactly when the replay says ComfyUI does not load the file
 * fully, every ignored key is a key of the file, and dropping the ignored keys leaves a file that
 * loads fully.
 */
class ComfyUiReplayProperties {

  private static final String[] PREFIXES = {
    "diffusion_model.", "transformer.", "", "lora_unet_", "lycoris_", "base_model.model."
  };
  private static final String[][] MODULES = {
    // dotted path, in, out
    {"transformer_blocks.0.attn.to_q", "3072", "3072"},
    {"transformer_blocks.1.img_mlp.net.0.proj", "3072", "12288"},
    {"img_in", "64", "3072"},
    {"transformer_blocks.2.attn.norm_q", "1", "128"},
    {"transformer_blocks.61.attn.to_k", "3072", "3072"}
  };
  private static final String[] SUFFIXES = {
    ".lora_A.weight",
    ".lora_B.weight",
    ".lora_down.weight",
    ".lora_up.weight",
    ".alpha",
    ".dora_scale",
    ".diff",
    ".diff_b",
    ".lora_B.bias",
    ".lora_magnitude_vector",
    ".hada_w1_a",
    ".lokr_w1",
    ".weight"
  };

  @Test
  void replay_randomFiles_warnsExactlyWhenNotFullyLoaded() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(ComfyUiReplayProperties::check);
  }

  /** Seed -52 once found that patch_dict order moves when a shadowed patch is dropped. */
  @Test
  void replay_seedMinus52_holds() {
    check(-52L);
  }

  static void check(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    SafetensorsWriter w = SafetensorsWriter.create();
    Set<String> names = new HashSet<>();
    int count = 1 + rnd.nextInt(10);
    for (int i = 0; i < count; i++) {
      String[] m = MODULES[rnd.nextInt(MODULES.length)];
      String prefix = PREFIXES[rnd.nextInt(PREFIXES.length)];
      String module = prefix.endsWith("_") ? prefix + m[0].replace('.', '_') : prefix + m[0];
      String suffix = SUFFIXES[rnd.nextInt(SUFFIXES.length)];
      if (!names.add(module + suffix)) {
        continue;
      }
      long in = Long.parseLong(m[1]);
      long out = Long.parseLong(m[2]);
      long rank = 1 + rnd.nextInt(2);
      List<Long> shape =
          switch (suffix) {
            case ".lora_A.weight", ".lora_down.weight" -> List.of(rank, in);
            case ".lora_B.weight", ".lora_up.weight" -> List.of(out, rank);
            case ".alpha" -> rnd.nextInt(8) == 0 ? List.of(2L) : List.of();
            case ".diff" -> rnd.nextBoolean() ? List.of(out, in) : List.of(out);
            default -> List.of(out);
          };
      long n = shape.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
      w.add(module + suffix, Dtype.F16, shape, ByteBuffer.allocate((int) n * 2));
    }
    SafetensorsHeader header = SafetensorsReader.parse(w.toByteArray());

    CheckpointReport r = LoraInspector.inspect(header, "random.safetensors");

    boolean warns = r.warnings().stream().anyMatch(v -> v.severity() != Severity.INFO);
    assertThat(warns).as("%s", r.warnings()).isEqualTo(!r.comfyUi().loadsFully());
    Set<String> keys = header.tensors().stream().map(TensorInfo::name).collect(Collectors.toSet());
    List<String> ignored = r.comfyUi().ignoredKeys().stream().map(IgnoredKey::key).toList();
    assertThat(ignored).doesNotHaveDuplicates();
    assertThat(keys).containsAll(ignored);
    assertThat(ComfyUiKeyMap.of(BaseModel.QWEN_IMAGE).stateDict().keySet())
        .containsAll(r.comfyUi().patchedKeys());
    if (!r.comfyUi().fails() && r.comfyUi().patchCount() > 0) {
      List<TensorInfo> kept =
          header.tensors().stream().filter(t -> !ignored.contains(t.name())).toList();
      ComfyUiLoad again = ComfyUiReplay.replay(ComfyUiKeyMap.of(BaseModel.QWEN_IMAGE), kept, null);
      assertThat(again.loadsFully()).as("%s", again.ignoredKeys()).isTrue();
      // As sets: a Python dict keeps a key's first insertion position when a later
      // patch overwrites it, so without the shadowed patch the winner moves.
      assertThat(again.patchedKeys())
          .containsExactlyInAnyOrderElementsOf(r.comfyUi().patchedKeys());
    }
  }
}
