/** safetensors reading and writing, and LoRA checkpoint inspection. */
package dev.lorakit.safetensors;
