/**
 * Sweeps on RunPod: {@link dev.lorakit.runpod.sweep.RunpodBackend}, one {@link
 * dev.lorakit.runpod.training.TrainingRun} (one pod, one folder) per arm, behind lora-core's {@link
 * dev.lorakit.core.sweep.TrainerBackend}.
 */
@LoraStyle
package dev.lorakit.runpod.sweep;

import dev.lorakit.core.LoraStyle;
