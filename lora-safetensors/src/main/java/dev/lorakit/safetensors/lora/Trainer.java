package dev.lorakit.safetensors.lora;

/** The program that most likely wrote a LoRA file, judged from its metadata and keys. */
public enum Trainer {
  /**
   * ostris/ai-toolkit: {@code software} metadata names it; PEFT keys with {@code diffusion_model.}.
   */
  AI_TOOLKIT,
  /** kohya-ss/sd-scripts: {@code ss_*} metadata and {@code lora_unet_} keys. */
  KOHYA_SD_SCRIPTS,
  /** kohya-ss/musubi-tuner: {@code ss_network_module} {@code networks.lora_qwen_image}. */
  MUSUBI_TUNER,
  /** diffusers {@code save_lora_weights}: {@code lora_adapter_metadata} or {@code transformer.}. */
  DIFFUSERS,
  UNKNOWN
}
