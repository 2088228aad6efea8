package dev.lorakit.safetensors.lora;

/** What the base-model guess of a {@link CheckpointReport} rests on, strongest first. */
public enum BaseModelSource {
  /** {@code modelspec.architecture}, which alone tells Edit from Edit-2509 (musubi). */
  MODELSPEC_ARCHITECTURE,
  /** {@code ss_base_model_version}; ai-toolkit writes {@code qwen_image} for every Qwen model. */
  SS_BASE_MODEL_VERSION,
  /** Module names and shapes (Qwen-Image: transformer_blocks with hidden size 3072). */
  SHAPES
}
