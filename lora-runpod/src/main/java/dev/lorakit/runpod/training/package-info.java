/**
 * A training run on RunPod: a pod with ostris/ai-toolkit, driven through the toolkit's web UI API
 * (dataset upload, job, queue, checkpoint download), that never leaves a pod running.
 */
@LoraStyle
package dev.lorakit.runpod.training;

import dev.lorakit.core.LoraStyle;
