/** RunPod v2 pod templates: saved container settings a pod can be created from. */
@LoraStyle
package dev.lorakit.runpod.template;

import dev.lorakit.core.LoraStyle;
