package dev.lorakit.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class OutputOptions {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.TEXT;

  boolean json() {
    return format == OutputFormat.JSON;
  }
}
