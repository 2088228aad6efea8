/**
 * lorakit core: the immutable model of a character-LoRA training project, the rule engine that
 * checks it against the Qwen character guide and the real trainer, dataset scanning and planning.
 *
 * <p>This module knows nothing of YAML, JSON or HTTP; adapters live in the other modules.
 */
package dev.lorakit.core;
