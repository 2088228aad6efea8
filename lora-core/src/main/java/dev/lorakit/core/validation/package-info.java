/**
 * The validation kernel: rules over typed subjects, violations, reports and the one catalogue of
 * every rule lorakit ships. It knows no domain type; the subjects (project, dataset, config,
 * checkpoint, run, workflow) are declared by the packages that own them.
 */
@LoraStyle
package dev.lorakit.core.validation;

import dev.lorakit.core.LoraStyle;
