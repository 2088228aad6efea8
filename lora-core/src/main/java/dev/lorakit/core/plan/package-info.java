/** Step budgets and training plans computed from a project. */
@LoraStyle
package dev.lorakit.core.plan;

import dev.lorakit.core.LoraStyle;
