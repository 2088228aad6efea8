package dev.lorakit.yaml;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An ai-toolkit config imported as a {@link LoraProject}: the project when the config is for a
 * model lorakit models, and notes on what could not be imported.
 *
 * <pre>{@code
 * ConfigImport imported = AiToolkitConfigReader.read(path).toProject();
 * imported.project().ifPresent(p -> System.out.println(p.training().length()));
 * }</pre>
 *
 * <p>Keys absent from the config take the trainer's defaults, not lorakit's recommendations (no
 * {@code ema_config} means EMA off, no {@code gradient_accumulation} means 1). Datasets map to
 * folders relative to their common parent directory, which becomes the dataset root; roles come
 * from {@code is_reg} and the folder name; image counts are unknown, so the length is in steps.
 */
@Value.Immutable
public abstract class ConfigImport {

  public abstract Optional<LoraProject> project();

  /** Why the project is absent, or what was approximated. */
  public abstract List<Violation> notes();
}
