package dev.lorakit.yaml;

import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads ai-toolkit configs (YAML or JSON) with the source position of every node, safely: no Java
 * objects are constructed from tags, and size, nesting, aliases and node count are bounded.
 *
 * <pre>{@code
 * AiToolkitConfig config = AiToolkitConfigReader.read(Path.of("config/train.yaml"));
 * }</pre>
 *
 * <p>A document that cannot be read at all (bad syntax, tabs, invalid UTF-8, over a limit) throws
 * {@link LoraValidationException} whose report holds one {@code config.syntax-error} or {@code
 * config.limit-exceeded} violation with its line and column.
 */
public final class AiToolkitConfigReader {
  private AiToolkitConfigReader() {}

  public static AiToolkitConfig read(String text) {
    return parse(text, null);
  }

  /** Reads strict UTF-8 bytes. */
  public static AiToolkitConfig read(byte[] bytes) {
    return parse(null, bytes);
  }

  /**
   * Reads a file; files larger than the size limit are refused without being read. I/O failures are
   * {@link UncheckedIOException}.
   */
  public static AiToolkitConfig read(Path file) {
    try {
      return parse(null, readBounded(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** At most the size limit plus one byte, so that an oversized file is reported, not loaded. */
  static byte[] readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SafeYaml.MAX_BYTES + 1);
    }
  }

  private static AiToolkitConfig parse(String text, byte[] bytes) {
    SafeYaml yaml = new SafeYaml(ConfigRules.SYNTAX_ERROR);
    try {
      SafeYaml.Parsed parsed = text != null ? yaml.parse(text) : yaml.parse(bytes);
      String source = text != null ? text : new String(bytes, StandardCharsets.UTF_8);
      return new AiToolkitConfig(parsed.root, source, parsed.problems);
    } catch (SafeYaml.Unreadable e) {
      throw new LoraValidationException(ValidationReport.of(List.of(e.violation), List.of()));
    }
  }
}
