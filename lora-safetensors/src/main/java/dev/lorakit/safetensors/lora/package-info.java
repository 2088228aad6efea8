/**
 * LoRA checkpoints: inspection ({@link dev.lorakit.safetensors.lora.LoraInspector}), weight
 * statistics ({@link dev.lorakit.safetensors.lora.LoraStatistics}), run folders ({@link
 * dev.lorakit.safetensors.lora.CheckpointSeries}), key conversion ({@link
 * dev.lorakit.safetensors.lora.LoraConverter}) and test files ({@link
 * dev.lorakit.safetensors.lora.LoraFiles}).
 */
@LoraStyle
package dev.lorakit.safetensors.lora;

import dev.lorakit.core.LoraStyle;
