package dev.lorakit.safetensors.lora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.checkpoint.Checkpoint;
import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraInspectorTest {

  @TempDir Path dir;

  @Test
  void inspect_aiToolkitQwenLora_reportsDoneWhenFigures() throws Exception {
    Path file =
        LoraFiles.qwen()
            .name("maya_char_lora")
            .step(340)
            .epoch(4)
            .write(dir.resolve("maya_char_lora_000000340.safetensors"));

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.format()).isEqualTo(CheckpointFormat.PEFT);
    assertThat(r.trainer()).isEqualTo(Trainer.AI_TOOLKIT);
    assertThat(r.baseModel()).contains("qwen_image");
    assertThat(r.baseModelSource()).contains(BaseModelSource.SS_BASE_MODEL_VERSION);
    assertThat(r.candidateBaseModels())
        // ai-toolkit writes ss_base_model_version qwen_image for every Qwen arch
        // (only QwenImageModel defines get_base_model_version: safetensors-lora.md l.306).
        .containsExactly(BaseModel.values());
    assertThat(r.rank()).hasValue(16);
    assertThat(r.ranks()).isEqualTo(Map.of(16, 840));
    assertThat(r.alpha()).hasValue(16.0);
    assertThat(r.alphaSource()).contains(AlphaSource.DEFAULT_RANK);
    assertThat(r.scale()).hasValue(1.0);
    assertThat(r.moduleCount()).isEqualTo(840);
    assertThat(r.tensors()).isEqualTo(1680);
    assertThat(r.parameters()).isEqualTo(147_456_000L);
    assertThat(r.dtypes()).isEqualTo(Map.of(Dtype.F16, 1680));
    assertThat(r.coverage().covered()).isEqualTo(840);
    assertThat(r.coverage().isComplete()).isTrue();
    assertThat(r.coverage().blocksPerLayer())
        .hasSize(14)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(60));
    assertThat(r.step()).hasValue(340);
    assertThat(r.epoch()).hasValue(4);
    assertThat(r.isFinal()).isFalse();
    assertThat(r.metadata()).containsEntry("ss_output_name", "maya_char_lora");
    assertThat(r.warnings()).isEmpty();
    assertThat(r.unrecognizedKeys()).isEmpty();
    assertThat(r.sizeBytes()).isEqualTo(Files.size(file));
    // safetensors-lora.md §4: 294,912,000 data bytes; the header adds the metadata.
    assertThat(r.sizeBytes() - 8 - r.headerBytes()).isEqualTo(294_912_000L);

    LoraModule m = r.modules().get(0);
    assertThat(m.modulePath()).startsWith("transformer_blocks.");
    assertThat(r.modules())
        .filteredOn(x -> x.modulePath().equals("transformer_blocks.59.img_mod.1"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.name()).isEqualTo("diffusion_model.transformer_blocks.59.img_mod.1");
              assertThat(x.block()).hasValue(59);
              assertThat(x.layer()).contains(QwenLayer.IMG_MOD);
              assertThat(x.inFeatures()).hasValue(3072);
              assertThat(x.outFeatures()).hasValue(18432);
              assertThat(x.parameters()).isEqualTo(16L * (3072 + 18432));
            });
  }

  @Test
  void toCheckpoint_carriesReportValues() {
    Path file =
        LoraFiles.qwen()
            .blocks(2)
            .rank(4)
            .step(250)
            .epoch(3)
            .write(dir.resolve("x_000000250.safetensors"));

    Checkpoint c = LoraInspector.inspect(file).toCheckpoint();

    assertThat(c.file()).isEqualTo("x_000000250.safetensors");
    assertThat(c.format()).isEqualTo(CheckpointFormat.PEFT);
    assertThat(c.rank()).hasValue(4);
    assertThat(c.alpha()).hasValue(4.0);
    assertThat(c.step()).hasValue(250);
    assertThat(c.epoch()).hasValue(3);
    assertThat(c.isFinal()).isFalse();
    assertThat(c.metadata()).containsKey("training_info");
  }

  @Test
  void inspect_musubiLora_readsAlphaTensorsAndModelspec() {
    Path file =
        LoraFiles.qwen()
            .style(LoraFiles.KeyStyle.MUSUBI)
            .rank(8)
            .alpha(1)
            .blocks(3)
            .dtype(Dtype.BF16)
            .step(100)
            .write(dir.resolve("maya.safetensors"));

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.format()).isEqualTo(CheckpointFormat.KOHYA);
    assertThat(r.trainer()).isEqualTo(Trainer.MUSUBI_TUNER);
    assertThat(r.baseModel()).contains("qwen_image");
    assertThat(r.baseModelSource()).contains(BaseModelSource.MODELSPEC_ARCHITECTURE);
    // musubi trains 2512 with --model_version original, so Qwen-Image also means 2512.
    assertThat(r.candidateBaseModels())
        .containsExactly(BaseModel.QWEN_IMAGE, BaseModel.QWEN_IMAGE_2512);
    assertThat(r.rank()).hasValue(8);
    assertThat(r.alpha()).hasValue(1.0);
    assertThat(r.alphaSource()).contains(AlphaSource.TENSOR);
    assertThat(r.scale()).hasValue(0.125);
    assertThat(r.moduleCount()).isEqualTo(42);
    assertThat(r.tensors()).isEqualTo(126);
    assertThat(r.coverage().covered()).isEqualTo(42);
    assertThat(r.coverage().blocks()).isEqualTo(3);
    assertThat(r.coverage().missing()).hasSize(840 - 42).contains("transformer_blocks.3.attn.to_q");
    assertThat(r.step()).hasValue(100);
    assertThat(r.isFinal()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void inspect_mixedRanksAndMetadataAlpha_reportsHistogramAndWarning() {
    SafetensorsWriter w =
        SafetensorsWriter.create()
            .metadata("ss_network_alpha", "8")
            .metadata("ss_network_dim", "Dynamic");
    addKohya(w, "lora_unet_transformer_blocks_0_attn_to_q", 4, 3072, 3072);
    addKohya(w, "lora_unet_transformer_blocks_0_attn_to_k", 8, 3072, 3072);
    Path file = dir.resolve("resized.safetensors");
    w.write(file);

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.rank()).isEmpty();
    assertThat(r.ranks()).isEqualTo(Map.of(4, 1, 8, 1));
    assertThat(r.alpha()).hasValue(8.0);
    assertThat(r.alphaSource()).contains(AlphaSource.METADATA);
    assertThat(r.scale()).isEmpty();
    assertThat(r.warnings())
        .extracting(Violation::ruleId)
        .contains("checkpoint.alpha-from-metadata", "checkpoint.kohya-without-alpha");
  }

  @Test
  void inspect_keysComfyUiWouldNotLoad_warns() {
    SafetensorsWriter w = SafetensorsWriter.create();
    addPeft(w, "base_model.model.transformer_blocks.0.attn.to_q", 4, 3072, 3072);
    addPeft(w, "base_model.model.transformer_blocks.1.attn.to_q", 4, 3072, 3072);
    w.addFloats(
        "diffusion_model.transformer_blocks.2.attn.to_k.lora_A.weight",
        Dtype.F32,
        List.of(4L, 3072L),
        new float[4 * 3072]);
    w.addFloats("diffusion_model.something.weird", Dtype.F32, List.of(2L), new float[2]);
    addPeft(w, "diffusion_model.transformer_blocks.3.attn.to_v", 4, 1024, 3072);
    Path file = dir.resolve("odd.safetensors");
    w.write(file);

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.unrecognizedKeys()).containsExactly("diffusion_model.something.weird");
    assertThat(r.warnings())
        .extracting(Violation::ruleId)
        .containsExactlyInAnyOrder(
            "checkpoint.comfyui-unmapped-module",
            "checkpoint.comfyui-unmapped-module",
            "checkpoint.incomplete-module",
            "checkpoint.shape-mismatch",
            "checkpoint.comfyui-nothing-loads");
    Violation prefix =
        r.warnings().stream()
            .filter(v -> v.message().contains("base_model.model."))
            .findFirst()
            .orElseThrow();
    assertThat(prefix.severity()).isEqualTo(Severity.WARNING);
    // Two modules, four keys: ComfyUI logs "lora key not loaded" per key.
    assertThat(prefix.message()).startsWith("4 keys are 'not loaded' by ComfyUI");
    assertThat(prefix.path())
        .isEqualTo("base_model.model.transformer_blocks.0.attn.to_q.lora_A.weight");
    assertThat(r.comfyUi().patchCount()).isZero();
    assertThat(r.coverage().covered()).isEqualTo(4);
  }

  @Test
  void inspect_lycorisFamilies_reportsLohaAndLokr() {
    SafetensorsWriter loha = SafetensorsWriter.create();
    String m = "lycoris_transformer_blocks_0_attn_to_q";
    loha.addFloats(m + ".hada_w1_a", Dtype.F32, List.of(3072L, 6L), new float[3072 * 6]);
    loha.addFloats(m + ".hada_w1_b", Dtype.F32, List.of(6L, 3072L), new float[3072 * 6]);
    loha.addFloats(m + ".hada_w2_a", Dtype.F32, List.of(3072L, 6L), new float[3072 * 6]);
    loha.addFloats(m + ".hada_w2_b", Dtype.F32, List.of(6L, 3072L), new float[3072 * 6]);
    loha.addFloats(m + ".alpha", Dtype.F32, List.of(), new float[] {3f});
    Path lohaFile = dir.resolve("loha.safetensors");
    loha.write(lohaFile);
    SafetensorsWriter lokr = SafetensorsWriter.create();
    lokr.addFloats(m + ".lokr_w1", Dtype.F32, List.of(8L, 8L), new float[64]);
    lokr.addFloats(m + ".lokr_w2_a", Dtype.F32, List.of(384L, 4L), new float[384 * 4]);
    lokr.addFloats(m + ".lokr_w2_b", Dtype.F32, List.of(4L, 384L), new float[384 * 4]);
    Path lokrFile = dir.resolve("lokr.safetensors");
    lokr.write(lokrFile);

    CheckpointReport a = LoraInspector.inspect(lohaFile);
    CheckpointReport b = LoraInspector.inspect(lokrFile);

    assertThat(a.format()).isEqualTo(CheckpointFormat.LOHA);
    assertThat(a.rank()).hasValue(6);
    assertThat(a.alpha()).hasValue(3.0);
    assertThat(a.scale()).hasValue(0.5);
    assertThat(a.warnings()).isEmpty();
    assertThat(b.format()).isEqualTo(CheckpointFormat.LOKR);
    assertThat(b.rank()).hasValue(4);
    assertThat(b.modules().get(0).inFeatures()).hasValue(3072);
    assertThat(b.modules().get(0).outFeatures()).hasValue(3072);
    assertThat(b.coverage().covered()).isEqualTo(1);
  }

  @Test
  void inspect_diffusersFile_reportsTrainerAndAdapterAlpha() {
    SafetensorsWriter w =
        SafetensorsWriter.create()
            .metadata("format", "pt")
            .metadata("lora_adapter_metadata", "{\n  \"lora_alpha\": 32,\n  \"r\": 16\n}");
    addPeft(w, "transformer.transformer_blocks.0.attn.to_q", 16, 3072, 3072);
    Path file = dir.resolve("pytorch_lora_weights.safetensors");
    w.write(file);

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.trainer()).isEqualTo(Trainer.DIFFUSERS);
    assertThat(r.format()).isEqualTo(CheckpointFormat.PEFT);
    assertThat(r.alpha()).hasValue(32.0);
    assertThat(r.alphaSource()).contains(AlphaSource.METADATA);
    assertThat(r.baseModel()).contains("qwen_image");
    assertThat(r.baseModelSource()).contains(BaseModelSource.SHAPES);
  }

  @Test
  void inspect_nonQwenKohyaLora_reportsRawBaseModelAndThatNothingLoadsOnQwen() {
    SafetensorsWriter w =
        SafetensorsWriter.create()
            .metadata("ss_base_model_version", "sdxl_base_v1-0")
            .metadata("ss_network_module", "networks.lora");
    String m = "lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q";
    addKohya(w, m, 8, 640, 640);
    w.addFloats(m + ".alpha", Dtype.F16, List.of(), new float[] {4f});
    Path file = dir.resolve("sdxl-000002.safetensors");
    w.write(file);

    CheckpointReport r = LoraInspector.inspect(file);

    assertThat(r.trainer()).isEqualTo(Trainer.KOHYA_SD_SCRIPTS);
    assertThat(r.baseModel()).contains("sdxl_base_v1-0");
    assertThat(r.candidateBaseModels()).isEmpty();
    assertThat(r.scale()).hasValue(0.5);
    assertThat(r.epoch()).hasValue(2);
    assertThat(r.coverage().covered()).isZero();
    // On a Qwen model ComfyUI maps none of its keys (L2): the LoRA would do nothing.
    assertThat(r.warnings())
        .extracting(Violation::ruleId)
        .containsExactlyInAnyOrder(
            "checkpoint.comfyui-unmapped-module", "checkpoint.comfyui-nothing-loads");
  }

  static void addPeft(SafetensorsWriter w, String module, int rank, int in, int out) {
    w.addFloats(
        module + ".lora_A.weight",
        Dtype.F32,
        List.of((long) rank, (long) in),
        new float[rank * in]);
    w.addFloats(
        module + ".lora_B.weight",
        Dtype.F32,
        List.of((long) out, (long) rank),
        new float[rank * out]);
  }

  static void addKohya(SafetensorsWriter w, String module, int rank, int in, int out) {
    w.addFloats(
        module + ".lora_down.weight",
        Dtype.F16,
        List.of((long) rank, (long) in),
        new float[rank * in]);
    w.addFloats(
        module + ".lora_up.weight",
        Dtype.F16,
        List.of((long) out, (long) rank),
        new float[rank * out]);
  }
}
