package dev.lorakit.cli;

import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.yaml.Preflight;
import dev.lorakit.yaml.PreflightException;
import dev.lorakit.yaml.PreflightOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command works on: the SDK's {@link Preflight} of the input, with its failures turned into
 * the CLI's one-line errors. No logic of the chain lives here.
 */
final class Workspace {
  final LoraProject project;
  final Optional<DatasetSnapshot> snapshot;
  final Path datasetRoot;
  private final Preflight preflight;

  private Workspace(Preflight preflight) {
    this.preflight = preflight;
    this.project = preflight.project();
    this.snapshot = preflight.snapshot();
    this.datasetRoot = preflight.datasetRoot();
  }

  /** Options of commands that read a project. */
  static final class Options {
    boolean deep;
    boolean similar;
    boolean quiet;
    boolean textOnlyEdit;
    String trigger;
    String baseModel = BaseModel.QWEN_IMAGE_EDIT_2509.id();
  }

  static Workspace open(Path input, Options o) {
    BaseModel model =
        BaseModel.fromId(o.baseModel)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown base model '" + o.baseModel + "'",
                        "use one of " + BaseModel.ids()));
    PreflightOptions options =
        PreflightOptions.builder()
            .trigger(Optional.ofNullable(o.trigger))
            .baseModel(model)
            .textOnlyEdit(o.textOnlyEdit)
            .deep(o.deep)
            .similar(o.similar)
            .hashCache(cacheFolder())
            .build();
    try {
      return new Workspace(Preflight.open(input, options, ProgressBar.forTerminal(o.quiet)));
    } catch (PreflightException e) {
      throw new UserException(e.getMessage(), e.fix());
    } catch (LoraValidationException e) {
      throw new InvalidInputException(input + " is not a valid lorakit project file", e.report());
    }
  }

  /**
   * Where {@code check --similar} keeps perceptual hashes between runs: {@code LORAKIT_CACHE_DIR},
   * else {@code $XDG_CACHE_HOME/lorakit}, else {@code ~/.cache/lorakit}. Never the dataset.
   */
  static Path cacheFolder() {
    String explicit = System.getProperty("lorakit.cache.dir", System.getenv("LORAKIT_CACHE_DIR"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "lorakit");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "lorakit");
  }

  /** The SDK's view of the input. */
  Preflight preflight() {
    return preflight;
  }

  /** The project rules and, with a scan, the file rules. */
  ValidationReport check() {
    return preflight.report();
  }

  /** Real image sizes per folder, for per-bucket step counts. */
  Map<String, List<ImageSize>> imageSizes() {
    return preflight.imageSizes();
  }
}
