package dev.lorakit.cli;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetScanException;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.rules.DatasetRules;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.yaml.ProjectLoader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * What a command works on: the project (from {@code lorakit.yaml} or implied by a dataset folder)
 * and, when its dataset is on disk, the scan of it.
 */
final class Workspace {
  final LoraProject project;
  final Optional<DatasetSnapshot> snapshot;
  final Path datasetRoot;

  private Workspace(LoraProject project, Optional<DatasetSnapshot> snapshot, Path datasetRoot) {
    this.project = project;
    this.snapshot = snapshot;
    this.datasetRoot = datasetRoot;
  }

  /** Options of commands that read a project. */
  static final class Options {
    boolean deep;
    boolean similar;
    boolean quiet;
    String trigger;
    String baseModel = BaseModel.QWEN_IMAGE_EDIT_2509.id();
  }

  static Workspace open(Path input, Options o) {
    if (Files.isRegularFile(input)) {
      LoraProject loaded = loadProjectFile(input);
      Path parent = input.toAbsolutePath().getParent();
      Path root = parent.resolve(loaded.dataset().root()).normalize();
      if (!Files.isDirectory(root)) {
        return new Workspace(loaded, Optional.empty(), root);
      }
      DatasetSnapshot snap = scan(root, o, loaded);
      LoraProject project = LoraProject.builder().from(loaded).dataset(snap.spec()).build();
      return new Workspace(project, Optional.of(snap), root);
    }
    if (!Files.isDirectory(input)) {
      throw new UserException(
          "'" + input + "' is not a readable folder or project file",
          "give the dataset folder that holds 40_name folders, or a lorakit.yaml");
    }
    DatasetSnapshot snap = scan(input, o, null);
    BaseModel model =
        BaseModel.fromId(o.baseModel)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown base model '" + o.baseModel + "'",
                        "use one of " + BaseModel.ids()));
    TriggerWord trigger =
        o.trigger != null
            ? TriggerWord.of(o.trigger)
            : snap.triggerFromFolders().orElse(TriggerWord.of(""));
    Path abs = input.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "lora" : abs.getFileName().toString();
    LoraProject project =
        LoraProject.builder()
            .name(name.replaceAll("[^A-Za-z0-9_.-]+", "_") + "_lora")
            .trigger(trigger)
            .baseModel(model)
            .dataset(snap.spec())
            .build();
    return new Workspace(withSampleControls(project, snap), Optional.of(snap), input);
  }

  private static LoraProject loadProjectFile(Path file) {
    try {
      return ProjectLoader.load(file);
    } catch (LoraValidationException e) {
      throw new InvalidInputException(file + " is not a valid lorakit project file", e.report());
    } catch (UncheckedIOException e) {
      throw new UserException(
          "cannot read '" + file + "': " + e.getCause().getMessage(),
          "check the path and permissions");
    }
  }

  private static DatasetSnapshot scan(Path root, Options o, LoraProject project) {
    DatasetScanner scanner =
        DatasetScanner.of(
            ScanOptions.builder().deep(o.deep).perceptualHash(o.similar || o.deep).build());
    try {
      return project == null
          ? scanner.scan(root, ProgressBar.forTerminal(o.quiet))
          : scanner.scan(root, project.dataset(), ProgressBar.forTerminal(o.quiet));
    } catch (DatasetScanException e) {
      throw new UserException(e.getMessage(), "give the dataset folder that holds 40_name folders");
    } catch (CancellationException e) {
      throw new UserException("scan cancelled", "run the command again");
    }
  }

  /** Samples of an edit model need control images: the first image of each control folder. */
  private static LoraProject withSampleControls(LoraProject project, DatasetSnapshot snap) {
    List<String> controls = new ArrayList<>();
    for (DatasetFolder f : project.dataset().foldersWithRole(FolderRole.CONTROL)) {
      snap.imagesIn(f.path()).stream().findFirst().ifPresent(i -> controls.add(i.path()));
    }
    if (controls.isEmpty() || !project.requiresControlImages()) {
      return project;
    }
    List<SamplePrompt> prompts = new ArrayList<>();
    for (SamplePrompt p : project.sampling().prompts()) {
      prompts.add(SamplePrompt.of(p.prompt(), controls));
    }
    return LoraProject.builder()
        .from(project)
        .sampling(SamplingSettings.builder().from(project.sampling()).prompts(prompts).build())
        .build();
  }

  /** The project rules and, with a scan, the file rules. */
  ValidationReport check() {
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    return snapshot
        .map(s -> report.merge(DatasetRules.standard().check(s, project)))
        .orElse(report);
  }

  /** Real image sizes per folder, for per-bucket step counts. */
  Map<String, List<ImageSize>> imageSizes() {
    Map<String, List<ImageSize>> sizes = new LinkedHashMap<>();
    snapshot.ifPresent(
        s -> {
          for (ImageEntry i : s.trainingImages()) {
            if (i.readable()) {
              sizes
                  .computeIfAbsent(i.folder(), k -> new ArrayList<>())
                  .add(ImageSize.of(i.width(), i.height()));
            }
          }
        });
    return sizes;
  }
}
