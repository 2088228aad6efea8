package dev.lorakit.core.checkpoint;

/** The key family of a LoRA file, which decides who can load it. */
public enum CheckpointFormat {
  /** ai-toolkit / PEFT: {@code diffusion_model.*.lora_A/lora_B}, no alpha tensors. */
  PEFT,
  /** kohya: {@code lora_unet_*.lora_down/lora_up} with {@code .alpha} tensors. */
  KOHYA,
  /** LyCORIS LoHa: {@code hada_w1_a} ... */
  LOHA,
  /** LyCORIS LoKr: {@code lokr_w1} ... */
  LOKR,
  /**
   * diffusers' old attention-processor names ({@code ...processor.to_q_lora.down/up}); current
   * diffusers saves {@code transformer.*.lora_A/lora_B}, which is {@link #PEFT}.
   */
  DIFFUSERS,
  UNKNOWN
}
