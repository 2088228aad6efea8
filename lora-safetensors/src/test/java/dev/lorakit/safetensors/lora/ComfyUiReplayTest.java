package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.lora.IgnoredKey.Reason;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector's replay of ComfyUI's LoraLoaderModelOnly on tiny files with the exact key sets of
 * each case. Expected values come from ComfyUI's source at Comfy-Org/ComfyUI a125cd84 (the commit
 * comfyui.md §2 ran the real loader at; its fixture names are given where one matches), never from
 * lorakit's own output.
 */
class ComfyUiReplayTest {

  private static final String Q = "diffusion_model.transformer_blocks.0.attn.to_q";
  private static final String K = "diffusion_model.transformer_blocks.0.attn.to_k";

  @TempDir Path dir;

  @Test
  void keyMap_hasTheNamesOfModelLoraKeysUnet_forEveryBaseModel() {
    ComfyUiKeyMap map = ComfyUiKeyMap.of(BaseModel.QWEN_IMAGE_EDIT_2509);

    // comfyui.md §2: 1933 state-dict keys, 1087 of them .weight, 6281 names from the real
    // model_lora_keys_unet (comfy/lora.py 175-316: 5 names per .weight, 1 per other key).
    assertThat(map.stateDict()).hasSize(1933);
    assertThat(map.weights()).hasSize(1087);
    assertThat(map.names()).hasSize(6281);
    String w = "diffusion_model.transformer_blocks.7.attn.to_out.0.weight";
    assertThat(map.names())
        .containsEntry("lora_unet_transformer_blocks_7_attn_to_out_0", w) // lora.py 183
        .containsEntry("diffusion_model.transformer_blocks.7.attn.to_out.0", w) // 184
        .containsEntry("transformer_blocks.7.attn.to_out.0", w) // 311
        .containsEntry("transformer.transformer_blocks.7.attn.to_out.0", w) // 313
        .containsEntry("lycoris_transformer_blocks_7_attn_to_out_0", w) // 314
        .containsEntry(
            "diffusion_model.transformer_blocks.7.attn.to_out.0.bias",
            "diffusion_model.transformer_blocks.7.attn.to_out.0.bias") // 186
        .containsEntry(
            "diffusion_model.transformer_blocks.7.attn.norm_added_k",
            "diffusion_model.transformer_blocks.7.attn.norm_added_k.weight") // L8: RMSNorm
        .containsEntry("lora_unet_txt_norm", "diffusion_model.txt_norm.weight")
        .doesNotContainKey("base_model.model.transformer_blocks.7.attn.to_out.0") // SD3 only
        .doesNotContainKey("lora_transformer_transformer_blocks_7_attn_to_out_0") // SD3/Flux
        .doesNotContainKey("transformer_blocks.60.attn.to_q");
    assertThat(map.stateDict())
        .containsEntry("diffusion_model.img_in.weight", List.of(3072L, 64L))
        .containsEntry("diffusion_model.transformer_blocks.0.attn.norm_q.weight", List.of(128L));
    for (BaseModel m : BaseModel.values()) {
      assertThat(ComfyUiKeyMap.of(m).names()).isEqualTo(map.names());
      assertThat(ComfyUiKeyMap.of(m).modelClass()).isEqualTo("QwenImage");
    }
  }

  @Test
  void aiToolkitFile_loadsFully_scaleOne() {
    // comfyui.md §2 "lorakit's own files": 840/840 patched, 0 ignored, scale 1.0.
    Path f = LoraFiles.qwen().rank(2).write(dir.resolve("a.safetensors"));

    CheckpointReport r = LoraInspector.inspect(f);

    assertThat(r.comfyUi().patchCount()).isEqualTo(840);
    assertThat(r.comfyUi().patchTypes()).isEqualTo(Map.of("lora", 840));
    assertThat(r.comfyUi().ignoredKeys()).isEmpty();
    assertThat(r.comfyUi().fails()).isFalse();
    assertThat(r.comfyUi().scale()).hasValue(1.0);
    assertThat(r.comfyUi().loadsFully()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void topLevelLayers_load_846() {
    // comfyui.md §2: "the same with the 6 top-level layers: 846/846 patched".
    Path f = LoraFiles.qwen().rank(1).layers(List.of(QwenLayer.values())).write(dir.resolve("t"));

    CheckpointReport r = LoraInspector.inspect(f);

    assertThat(r.comfyUi().patchCount()).isEqualTo(846);
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void musubiKohya_scaleIsAlphaOverRank() {
    // comfyui.md §2: musubi kohya (alpha 1, rank 2) 840/840 patched, scale 0.5;
    // weight_adapter/lora.py 174-175: alpha = v[2] / mat2.shape[0].
    Path f =
        LoraFiles.qwen()
            .style(LoraFiles.KeyStyle.MUSUBI)
            .rank(2)
            .alpha(1)
            .write(dir.resolve("m.safetensors"));

    ComfyUiLoad c = LoraInspector.inspect(f).comfyUi();

    assertThat(c.patchCount()).isEqualTo(840);
    assertThat(c.scale()).hasValue(0.5);
    assertThat(c.loadsFully()).isTrue();
  }

  @Test
  void upWithoutDown_failsTheNode() {
    // bad_up_without_down -> real load_lora: KeyError '...to_q.lora_A.weight'
    // (weight_adapter/lora.py 143 reads lora[B_name] unconditionally).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, K, 4, 3072, 3072);
    w.addFloats(Q + ".lora_B.weight", Dtype.F32, List.of(3072L, 4L), new float[3072 * 4]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().fails()).isTrue();
    assertThat(r.comfyUi().failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(ComfyUiFailure.Kind.UP_WITHOUT_DOWN);
              assertThat(f.exception()).isEqualTo("KeyError: '" + Q + ".lora_A.weight'");
            });
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.ruleId()).isEqualTo("checkpoint.up-without-down");
              assertThat(v.severity()).isEqualTo(Severity.ERROR);
            });
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void downWithoutUp_isNotLoaded_butTheNodeRuns() {
    // LoRAAdapter.load finds a module by its up weight only (lora.py 102-129), so the down key
    // is left for "lora key not loaded" (lora.py 90-93).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, K, 4, 3072, 3072);
    w.addFloats(Q + ".lora_A.weight", Dtype.F32, List.of(4L, 3072L), new float[3072 * 4]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().fails()).isFalse();
    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(r.comfyUi().ignoredKeys())
        .extracting(IgnoredKey::key, IgnoredKey::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Q + ".lora_A.weight", Reason.DOWN_WITHOUT_UP));
    assertThat(ids(r)).containsExactly("checkpoint.incomplete-module");
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void bareKohyaAndDottedKohya_loadNothing() {
    // bad_bare_kohya_no_prefix and bad_kohya_dotted -> real: 0 patches, all keys "not loaded"
    // (L2): neither name is in model_lora_keys_unet's map.
    SafetensorsWriter w = SafetensorsWriter.create();
    kohya(w, "transformer_blocks_0_attn_to_q", 4, 3072, 3072);
    kohya(w, "lora_unet_transformer_blocks.0.attn.to_k", 4, 3072, 3072);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isZero();
    assertThat(r.comfyUi().ignoredKeys())
        .hasSize(4)
        .allSatisfy(k -> assertThat(k.reason()).isEqualTo(Reason.NO_MAPPED_NAME));
    assertThat(ids(r))
        .containsOnly(
            "checkpoint.comfyui-unmapped-module",
            "checkpoint.comfyui-nothing-loads",
            "checkpoint.kohya-without-alpha");
    assertThat(r.warnings())
        .filteredOn(v -> v.ruleId().equals("checkpoint.comfyui-unmapped-module"))
        .extracting(Violation::hint)
        .anySatisfy(h -> assertThat(h).contains("lora_unet_transformer_blocks_0_attn_to_q"))
        .anySatisfy(h -> assertThat(h).contains("lora_unet_transformer_blocks_0_attn_to_k"));
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void peftDoraMagnitudeAndLoraBias_areDropped() {
    // bad_peft_dora_magnitude, bad_lora_B_bias -> real: "lora key not loaded" for each (L3).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 3072, 3072);
    w.addFloats(Q + ".lora_magnitude_vector", Dtype.F32, List.of(3072L), new float[3072]);
    w.addFloats(Q + ".lora_B.bias", Dtype.F32, List.of(3072L), new float[3072]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(r.comfyUi().ignoredKeys())
        .extracting(IgnoredKey::reason)
        .containsExactlyInAnyOrder(Reason.DORA_MAGNITUDE, Reason.LORA_BIAS);
    assertThat(ids(r))
        .containsExactlyInAnyOrder(
            "checkpoint.dora-magnitude-dropped", "checkpoint.lora-bias-dropped");
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void doraScaleAndDiffB_loadFully() {
    // load_lora reads x.dora_scale (lora.py 47-51) and x.diff_b as a patch of the bias (78-82).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 3072, 3072);
    w.addFloats(Q + ".dora_scale", Dtype.F32, List.of(3072L, 1L), new float[3072]);
    w.addFloats(Q + ".diff_b", Dtype.F32, List.of(3072L), new float[3072]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchedKeys()).containsExactly(Q + ".weight", Q + ".bias");
    assertThat(r.comfyUi().loadsFully()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void alphaVector_failsTheNode() {
    // bad_alpha_vector: lora.py 44 lora[alpha_name].item() raises on a 2-element tensor.
    SafetensorsWriter w = SafetensorsWriter.create();
    kohya(w, "lora_unet_transformer_blocks_0_attn_to_q", 4, 3072, 3072);
    w.addFloats(
        "lora_unet_transformer_blocks_0_attn_to_q.alpha",
        Dtype.F32,
        List.of(2L),
        new float[] {4, 4});

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().failures())
        .extracting(ComfyUiFailure::kind)
        .containsExactly(ComfyUiFailure.Kind.ALPHA_NOT_SCALAR);
    // The exception comfyui.md L4 saw with the real load_lora (torch: TORCH_CHECK_VALUE in item()).
    assertThat(r.comfyUi().failures())
        .extracting(ComfyUiFailure::exception)
        .containsExactly("ValueError: only one element tensors can be converted to Python scalars");
    assertThat(r.warnings())
        .extracting(Violation::ruleId, Violation::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("checkpoint.alpha-not-scalar", Severity.ERROR));
  }

  @Test
  void diffOnNorms_loadsFully() {
    // ok_diff_on_norm -> real: 3 patches, 0 ignored (L5, L8): .diff is read by load_lora 72-76
    // and the RMSNorm weights are in the key map (lora.py 184).
    SafetensorsWriter w = SafetensorsWriter.create();
    String b = "diffusion_model.transformer_blocks.0.attn.";
    w.addFloats(b + "norm_q.diff", Dtype.F32, List.of(128L), new float[128]);
    w.addFloats(b + "norm_k.diff", Dtype.F32, List.of(128L), new float[128]);
    w.addFloats("diffusion_model.txt_norm.diff", Dtype.F32, List.of(3584L), new float[3584]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(3);
    assertThat(r.comfyUi().patchTypes()).isEqualTo(Map.of("diff", 3));
    assertThat(r.comfyUi().ignoredKeys()).isEmpty();
    assertThat(r.warnings()).filteredOn(v -> v.severity() != Severity.INFO).isEmpty();
  }

  @Test
  void distinctModulesInTwoFamilies_loadFully() {
    // ok_mixed_distinct_modules -> real: 2 patches (L6): each name resolves on its own.
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 3072, 3072);
    kohya(w, "lora_unet_transformer_blocks_0_attn_to_k", 4, 3072, 3072);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(2);
    assertThat(r.comfyUi().loadsFully()).isTrue();
    assertThat(r.warnings())
        .extracting(Violation::ruleId, Violation::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("checkpoint.mixed-formats", Severity.INFO),
            org.assertj.core.groups.Tuple.tuple("checkpoint.kohya-without-alpha", Severity.INFO));
  }

  @Test
  void sameModuleInTwoFamilies_laterNameWins() {
    // bad_mixed_duplicate -> real: 1 patch, the other family discarded without a log. lora.py
    // 183 inserts lora_unet_<p> before 184 diffusion_model.<p>, to_load is iterated in that order
    // and patch_dict[to_load[x]] is overwritten (58), so the diffusion_model. name wins.
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 3072, 3072);
    kohya(w, "lora_unet_transformer_blocks_0_attn_to_q", 4, 3072, 3072);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(r.comfyUi().ignoredKeys())
        .extracting(IgnoredKey::key)
        .containsExactlyInAnyOrder(
            "lora_unet_transformer_blocks_0_attn_to_q.lora_up.weight",
            "lora_unet_transformer_blocks_0_attn_to_q.lora_down.weight");
    assertThat(r.comfyUi().ignoredKeys())
        .allSatisfy(k -> assertThat(k.reason()).isEqualTo(Reason.SHADOWED));
    assertThat(ids(r)).contains("checkpoint.shadowed-module");
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void orphanAlphaUnderAMappedName_isConsumedSilently() {
    // ok_orphan_alpha_mapped (L7): load_lora reads x.alpha for every mapped x (lora.py 41-45).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 3072, 3072);
    w.addFloats(K + ".alpha", Dtype.F32, List.of(), new float[] {4});

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().loadsFully()).isTrue();
    assertThat(r.warnings())
        .extracting(Violation::ruleId, Violation::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("checkpoint.orphan-alpha", Severity.INFO));
  }

  @Test
  void unmappedPrefixesAndTextEncoderKeys_areNamed() {
    // comfyui.md §2 "not mapped for Qwen": base_model.model. (SD3/PixArt/HunyuanDiT only),
    // lora_transformer_ (SD3/Flux), text encoders (LoraLoaderModelOnly: no clip key map).
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, "base_model.model.transformer_blocks.0.attn.to_q", 4, 3072, 3072);
    kohya(w, "lora_transformer_transformer_blocks_0_attn_to_q", 4, 3072, 3072);
    lora(w, "text_encoders.qwen25_7b.transformer.model.layers.0.self_attn.q_proj", 4, 64, 64);
    lora(w, K, 4, 3072, 3072);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(r.warnings())
        .extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("'base_model.model.'"))
        .anySatisfy(m -> assertThat(m).contains("'lora_transformer_'"))
        .anySatisfy(m -> assertThat(m).contains("text-encoder"));
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void shapeThatDoesNotFit_isSkipped() {
    // weight_adapter/lora.py 193-210: mm(...).reshape(weight.shape) fails -> "ERROR lora", skipped.
    SafetensorsWriter w = SafetensorsWriter.create();
    lora(w, Q, 4, 1024, 3072);
    lora(w, K, 4, 3072, 3072);
    // Rank 4 up against a rank 8 down: torch.mm fails.
    w.addFloats(
        "diffusion_model.transformer_blocks.0.attn.to_v.lora_A.weight",
        Dtype.F32,
        List.of(8L, 3072L),
        new float[8 * 3072]);
    w.addFloats(
        "diffusion_model.transformer_blocks.0.attn.to_v.lora_B.weight",
        Dtype.F32,
        List.of(3072L, 4L),
        new float[4 * 3072]);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(ids(r))
        .containsExactlyInAnyOrder("checkpoint.shape-mismatch", "checkpoint.rank-mismatch");
    assertWarnsExactlyWhenNotFullyLoaded(r);
  }

  @Test
  void metadataAlphaOnly_comfyScaleIsOne() {
    // peft_meta_alpha_r4_a2 -> real scale 1.0 (L9): load_lora never reads metadata.
    SafetensorsWriter w = SafetensorsWriter.create().metadata("ss_network_alpha", "2");
    lora(w, Q, 4, 3072, 3072);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().scale()).hasValue(1.0);
    assertThat(r.scale()).hasValue(0.5); // what diffusers applies
    assertThat(r.comfyUi().loadsFully()).isTrue();
    assertThat(r.warnings())
        .extracting(Violation::ruleId, Violation::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("checkpoint.alpha-from-metadata", Severity.INFO));
  }

  @Test
  void loha_loadsWithItsScale_andAPartialLohaFails() {
    // LoHaAdapter.load (loha.py 166-180) needs w1_a, w1_b, w2_a, w2_b; scale alpha / w1_b rows.
    String m = "lycoris_transformer_blocks_0_attn_to_q";
    SafetensorsWriter ok = SafetensorsWriter.create();
    ok.addFloats(m + ".hada_w1_a", Dtype.F32, List.of(3072L, 6L), new float[3072 * 6]);
    ok.addFloats(m + ".hada_w1_b", Dtype.F32, List.of(6L, 3072L), new float[3072 * 6]);
    ok.addFloats(m + ".hada_w2_a", Dtype.F32, List.of(3072L, 6L), new float[3072 * 6]);
    ok.addFloats(m + ".hada_w2_b", Dtype.F32, List.of(6L, 3072L), new float[3072 * 6]);
    ok.addFloats(m + ".alpha", Dtype.F32, List.of(), new float[] {3f});
    SafetensorsWriter bad = SafetensorsWriter.create();
    bad.addFloats(m + ".hada_w1_a", Dtype.F32, List.of(3072L, 6L), new float[3072 * 6]);
    bad.addFloats(m + ".hada_w1_b", Dtype.F32, List.of(6L, 3072L), new float[3072 * 6]);

    CheckpointReport a = inspect(ok);
    CheckpointReport b = inspect(bad);

    assertThat(a.comfyUi().patchTypes()).isEqualTo(Map.of("loha", 1));
    assertThat(a.comfyUi().scale()).hasValue(0.5);
    assertThat(a.warnings()).isEmpty();
    assertThat(b.comfyUi().failures())
        .extracting(ComfyUiFailure::exception)
        .containsExactly("KeyError: '" + m + ".hada_w2_a'");
    assertThat(ids(b)).containsExactly("checkpoint.incomplete-lycoris");
  }

  @Test
  void nonQwenFile_patchesNothing() {
    SafetensorsWriter w =
        SafetensorsWriter.create().metadata("ss_base_model_version", "sdxl_base_v1-0");
    kohya(w, "lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q", 8, 640, 640);

    CheckpointReport r = inspect(w);

    assertThat(r.comfyUi().patchCount()).isZero();
    assertThat(r.warnings())
        .filteredOn(v -> v.ruleId().equals("checkpoint.comfyui-nothing-loads"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("sdxl_base_v1-0"));
  }

  @Test
  void headerOnly_knowsPatchesButNotScales() {
    SafetensorsWriter w = SafetensorsWriter.create();
    kohya(w, "lora_unet_transformer_blocks_0_attn_to_q", 4, 3072, 3072);
    w.addFloats(
        "lora_unet_transformer_blocks_0_attn_to_q.alpha", Dtype.F32, List.of(), new float[] {2});
    Path f = dir.resolve("h.safetensors");
    w.write(f);

    CheckpointReport r =
        LoraInspector.inspect(dev.lorakit.safetensors.SafetensorsReader.readHeader(f), "h");

    assertThat(r.comfyUi().patchCount()).isEqualTo(1);
    assertThat(r.comfyUi().scales()).isEmpty();
  }

  /** Done when: inspect warns exactly on files ComfyUI would not load fully. */
  static void assertWarnsExactlyWhenNotFullyLoaded(CheckpointReport r) {
    boolean warns =
        r.warnings().stream()
            .anyMatch(v -> EnumSet.of(Severity.WARNING, Severity.ERROR).contains(v.severity()));
    assertThat(warns).as("warnings %s", r.warnings()).isEqualTo(!r.comfyUi().loadsFully());
  }

  private CheckpointReport inspect(SafetensorsWriter w) {
    Path f = dir.resolve("case" + System.nanoTime() + ".safetensors");
    w.write(f);
    CheckpointReport r = LoraInspector.inspect(f);
    assertWarnsExactlyWhenNotFullyLoaded(r);
    return r;
  }

  private static List<String> ids(CheckpointReport r) {
    return r.warnings().stream().map(Violation::ruleId).toList();
  }

  static void lora(SafetensorsWriter w, String module, int rank, int in, int out) {
    LoraInspectorTest.addPeft(w, module, rank, in, out);
  }

  static void kohya(SafetensorsWriter w, String module, int rank, int in, int out) {
    LoraInspectorTest.addKohya(w, module, rank, in, out);
  }
}
