/**
 * Pods of the RunPod REST v2 API: the {@code Pod} resource, its create and update bodies, and the
 * values nested in them. Field names follow the v2 OpenAPI schemas one for one.
 */
@LoraStyle
package dev.lorakit.runpod.pod;

import dev.lorakit.core.LoraStyle;
