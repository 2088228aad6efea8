/** Training parameters with the trainer's defaults and the guide's recommended values. */
@LoraStyle
package dev.lorakit.core.training;

import dev.lorakit.core.LoraStyle;
