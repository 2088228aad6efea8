/**
 * Rules, violations and the rule engine that checks a project against the guide and the trainer.
 */
@LoraStyle
package dev.lorakit.core.rules;

import dev.lorakit.core.LoraStyle;
