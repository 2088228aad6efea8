/** RunPod v2 network volumes: storage that outlives a pod and a host. */
@LoraStyle
package dev.lorakit.runpod.volume;

import dev.lorakit.core.LoraStyle;
