package dev.lorakit.safetensors.lora;

/** Where a module's alpha (and so its scale alpha / rank) comes from. */
public enum AlphaSource {
  /** A {@code <module>.alpha} scalar tensor in the file (kohya, musubi, LyCORIS). */
  TENSOR,
  /**
   * {@code __metadata__}: {@code ss_network_alpha}, or {@code lora_alpha} in diffusers' {@code
   * lora_adapter_metadata}. ComfyUI ignores metadata and uses scale 1 when no tensor is present.
   */
  METADATA,
  /** Nothing in the file: alpha = rank, scale 1, as ComfyUI, diffusers and sd-scripts load it. */
  DEFAULT_RANK
}
