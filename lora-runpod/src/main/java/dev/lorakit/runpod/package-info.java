/**
 * RunPod REST v2 client ({@link dev.lorakit.runpod.RunpodClient}), safe pod creation ({@link
 * dev.lorakit.runpod.PodLauncher}) and the exceptions both throw.
 */
@LoraStyle
package dev.lorakit.runpod;

import dev.lorakit.core.LoraStyle;
