/**
 * ai-toolkit YAML and JSON configs: writing, reading, linting, and the lorakit project file.
 *
 * <p>Entry points: {@link dev.lorakit.yaml.AiToolkitWriter}, {@link
 * dev.lorakit.yaml.AiToolkitConfigReader}, {@link dev.lorakit.yaml.AiToolkitLinter}, {@link
 * dev.lorakit.yaml.ProjectLoader} and {@link dev.lorakit.yaml.ProjectWriter}.
 */
@LoraStyle
package dev.lorakit.yaml;

import dev.lorakit.core.LoraStyle;
