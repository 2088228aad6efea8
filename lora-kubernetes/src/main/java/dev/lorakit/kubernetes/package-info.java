/**
 * Sweep arms as Kubernetes Jobs: {@link dev.lorakit.kubernetes.KubernetesBackend} runs each arm of
 * a sweep as one {@code batch/v1} Job of the ai-toolkit image, its job config mounted from a
 * ConfigMap, its output on a shared volume, and reads its progress from the pod's log.
 */
@LoraStyle
package dev.lorakit.kubernetes;

import dev.lorakit.core.LoraStyle;
