/**
 * Sweeps: several variants of one project ("arms"), each checked and planned, under one dollar cap.
 */
@LoraStyle
package dev.lorakit.core.sweep;

import dev.lorakit.core.LoraStyle;
