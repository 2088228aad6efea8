/** LoRA checkpoints produced by a training run. */
@LoraStyle
package dev.lorakit.core.checkpoint;

import dev.lorakit.core.LoraStyle;
