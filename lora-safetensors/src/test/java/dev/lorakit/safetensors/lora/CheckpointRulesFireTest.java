package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three checkpoint rules no test made fire, each on a tiny file built here. What ComfyUI does
 * with such a file is from reference/safetensors-lora.md §2 and §5 ({@code comfy/lora.py} {@code
 * load_lora}, {@code comfy/weight_adapter/lora.py}): it loads a module from its up and down weights
 * plus an optional {@code .alpha}, and logs every key it does not consume as "lora key not loaded".
 */
class CheckpointRulesFireTest {
  private static final String Q = "diffusion_model.transformer_blocks.0.attn.to_q";
  private static final String K = "diffusion_model.transformer_blocks.0.attn.to_k";

  @TempDir Path dir;

  private CheckpointReport inspect(SafetensorsWriter w, String name) {
    Path file = dir.resolve(name);
    w.write(file);
    return LoraInspector.inspect(file);
  }

  private static List<Violation> fired(CheckpointReport r, String id) {
    return r.warnings().stream().filter(v -> v.ruleId().equals(id)).toList();
  }

  @Test
  void inspect_alphaWithoutItsModule_firesOrphanAlpha() {
    // An .alpha without its module patches nothing, but ComfyUI's loader does not complain about
    // it either (the replay of comfy/lora.py load_lora, docs/inspector.md): the file still loads
    // fully, so the finding is INFO.
    SafetensorsWriter w = SafetensorsWriter.create();
    LoraInspectorTest.addPeft(w, Q, 16, 3072, 3072);
    w.addFloats(K + ".alpha", Dtype.F32, List.of(), new float[] {16f});

    CheckpointReport r = inspect(w, "cut.safetensors");

    assertThat(fired(r, "checkpoint.orphan-alpha"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.INFO);
              assertThat(v.path()).isEqualTo(K + ".alpha");
            });
    assertThat(r.moduleCount()).isEqualTo(1);
  }

  @Test
  void inspect_peftAndKohyaModulesInOneFile_firesMixedFormats() {
    // ComfyUI's key map accepts both families (§5 table), but a loader written for one family
    // (diffusers' Qwen converter, musubi) reads only its own keys, so one half of this file is
    // lost.
    SafetensorsWriter w = SafetensorsWriter.create();
    LoraInspectorTest.addPeft(w, Q, 16, 3072, 3072);
    LoraInspectorTest.addKohya(w, "lora_unet_transformer_blocks_0_attn_to_k", 16, 3072, 3072);
    w.addFloats(
        "lora_unet_transformer_blocks_0_attn_to_k.alpha", Dtype.F16, List.of(), new float[] {16f});

    CheckpointReport r = inspect(w, "merged.safetensors");

    assertThat(fired(r, "checkpoint.mixed-formats"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("merged.safetensors");
              assertThat(v.message()).contains("2 key families");
            });
    assertThat(r.moduleCount()).isEqualTo(2);
  }

  @Test
  void inspect_upAndDownDisagreeOnTheRank_firesRankMismatch() {
    // The delta is up [out, r] x down [r, in] (§2: ComfyUI calculate_weight multiplies the two
    // flattened matrices); with r 8 against 4 the product is undefined and the module cannot apply.
    SafetensorsWriter w = SafetensorsWriter.create();
    w.addFloats(Q + ".lora_A.weight", Dtype.F32, List.of(8L, 64L), new float[8 * 64]);
    w.addFloats(Q + ".lora_B.weight", Dtype.F32, List.of(64L, 4L), new float[64 * 4]);

    CheckpointReport r = inspect(w, "broken.safetensors");

    assertThat(fired(r, "checkpoint.rank-mismatch"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.WARNING);
              assertThat(v.message()).contains("ranks that differ").contains("lora_B.weight");
            });
  }

  @Test
  void inspect_consistentPeftFile_firesNoneOfTheThree() {
    SafetensorsWriter w = SafetensorsWriter.create();
    LoraInspectorTest.addPeft(w, Q, 16, 3072, 3072);
    LoraInspectorTest.addPeft(w, K, 16, 3072, 3072);

    CheckpointReport r = inspect(w, "ok.safetensors");

    assertThat(r.warnings())
        .extracting(Violation::ruleId)
        .doesNotContain(
            "checkpoint.orphan-alpha", "checkpoint.mixed-formats", "checkpoint.rank-mismatch");
  }
}
