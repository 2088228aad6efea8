/** The RunPod v2 catalog: GPU types with price and availability, and data centres. */
@LoraStyle
package dev.lorakit.runpod.catalog;

import dev.lorakit.core.LoraStyle;
