package dev.lorakit.yaml;

import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A parsed ai-toolkit config: the full tree in file order with the line and column of every key and
 * value. Read one with {@link AiToolkitConfigReader}, lint it with {@link AiToolkitLinter}, import
 * it with {@link #toProject()}, and update it with {@link AiToolkitWriter#update}.
 *
 * <pre>{@code
 * AiToolkitConfig config = AiToolkitConfigReader.read(Path.of("train.yaml"));
 * config.locationOf("config.process[0].model.arch"); // Optional[12:15]
 * }</pre>
 *
 * <p>Immutable: the tree is copied in and never handed out.
 */
public final class AiToolkitConfig {
  private final ConfigNode root;
  private final String text;
  private final List<Violation> readProblems;

  AiToolkitConfig(ConfigNode root, String text, List<Violation> readProblems) {
    this.root = root;
    this.text = text;
    this.readProblems = List.copyOf(readProblems);
  }

  ConfigNode root() {
    return root;
  }

  String text() {
    return text;
  }

  /** Problems found while reading that did not stop it: duplicate keys, custom tags. */
  public List<Violation> readProblems() {
    return readProblems;
  }

  /** Imports the first process as a {@link dev.lorakit.core.project.LoraProject}. */
  public ConfigImport toProject() {
    return ConfigImporter.importProject(root).imported;
  }

  /**
   * The position of a dotted path such as {@code config.process[0].train.steps}: the value's
   * position, or the key's when the value has none; empty when the path does not exist.
   */
  public Optional<SourceLocation> locationOf(String path) {
    return Paths.find(root, path).flatMap(ConfigNode::location);
  }

  /** The config as YAML in its own key order (comments of the source are not kept). */
  public String toYaml() {
    return root instanceof ConfigNode.MapNode
        ? Emitter.yaml((ConfigNode.MapNode) root, null)
        : Emitter.json(root);
  }

  /** The config as JSON, the format of the web UI's job config. */
  public String toJson() {
    return Emitter.json(root);
  }

  @Override
  public String toString() {
    return "AiToolkitConfig["
        + Paths.find(root, "config.name")
            .map(n -> n instanceof ConfigNode.ScalarNode ? ((ConfigNode.ScalarNode) n).text() : "?")
            .orElse("?")
        + "]";
  }
}
