/** ai-toolkit YAML and JSON configs: writing, reading, linting, and the lorakit project file. */
package dev.lorakit.yaml;
