/**
 * Implementation details of {@code lora-runpod} shared between its packages. Not API: anything here
 * may change without notice.
 */
@LoraStyle
package dev.lorakit.runpod.internal;

import dev.lorakit.core.LoraStyle;
