/** A LoRA training project: the base model, the trigger word and every setting in one value. */
@LoraStyle
package dev.lorakit.core.project;

import dev.lorakit.core.LoraStyle;
