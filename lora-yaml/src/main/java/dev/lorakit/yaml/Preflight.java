package dev.lorakit.yaml;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetScanException;
import dev.lorakit.core.dataset.DatasetScanner;
import dev.lorakit.core.dataset.DatasetSnapshot;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImageEntry;
import dev.lorakit.core.dataset.ScanListener;
import dev.lorakit.core.dataset.ScanOptions;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.rules.DatasetRules;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.validation.ValidationReport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.immutables.value.Value;

/**
 * The first step of the main chain as one call: a dataset folder or a {@code lorakit.yaml} becomes
 * the project, the scan of its files and one report of the project and file rules.
 *
 * <pre>{@code
 * Preflight preflight = Preflight.open(Path.of("dataset"), PreflightOptions.defaults());
 * preflight.report().errors().forEach(v -> System.out.println(v.describe()));
 * TrainingPlan plan = TrainingPlanner.defaults().withImageSizes(preflight.imageSizes())
 *     .plan(preflight.project());
 * }</pre>
 *
 * <p>A folder implies the project: name from the folder, trigger from the first character folder
 * ({@code 40_maya_char} gives {@code maya_char}) unless given, roles and repeats from the folder
 * names, the guide's parameters, and the first image of each control folder as the control image of
 * the sample prompts. A project file is read as written and its dataset scanned when present.
 */
@Value.Immutable
public abstract class Preflight {

  public abstract LoraProject project();

  /** The scan of the dataset, absent when a project file's dataset folder does not exist. */
  public abstract Optional<DatasetSnapshot> snapshot();

  /** The dataset folder, absolute and normalised. */
  public abstract Path datasetRoot();

  /** The project rules and, with a scan, the dataset file rules, in one report. */
  public abstract ValidationReport report();

  /**
   * Reads {@code input} (a dataset folder or a project file), scans its dataset and checks both.
   *
   * @throws PreflightException when the input cannot be read at all
   * @throws dev.lorakit.core.validation.LoraValidationException when a project file is invalid
   */
  public static Preflight open(Path input, PreflightOptions options) {
    return open(input, options, new ScanListener() {});
  }

  /** As {@link #open(Path, PreflightOptions)}, reporting scan progress to {@code listener}. */
  public static Preflight open(Path input, PreflightOptions options, ScanListener listener) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    if (Files.isRegularFile(input)) {
      LoraProject loaded = textOnly(loadProjectFile(input), options);
      Path parent = input.toAbsolutePath().getParent();
      Path root = parent.resolve(loaded.dataset().root()).normalize();
      if (!Files.isDirectory(root)) {
        return of(loaded, Optional.empty(), root);
      }
      DatasetSnapshot snap = scan(root, options, loaded, listener);
      LoraProject project = LoraProject.builder().from(loaded).dataset(snap.spec()).build();
      return of(project, Optional.of(snap), root);
    }
    if (!Files.isDirectory(input)) {
      throw new PreflightException(
          "'" + input + "' is not a readable folder or project file",
          "give the dataset folder that holds 40_name folders, or a lorakit.yaml");
    }
    DatasetSnapshot snap = scan(input, options, null, listener);
    TriggerWord trigger =
        options
            .trigger()
            .map(TriggerWord::of)
            .orElseGet(() -> snap.triggerFromFolders().orElse(TriggerWord.of("")));
    Path abs = input.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "lora" : abs.getFileName().toString();
    LoraProject project =
        LoraProject.builder()
            .name(name.replaceAll("[^A-Za-z0-9_.-]+", "_") + "_lora")
            .trigger(trigger)
            .baseModel(options.baseModel())
            .dataset(snap.spec())
            .build();
    return of(withSampleControls(textOnly(project, options), snap), Optional.of(snap), abs);
  }

  /** Real image sizes per training folder, for per-bucket step counts. */
  public Map<String, List<ImageSize>> imageSizes() {
    Map<String, List<ImageSize>> sizes = new LinkedHashMap<>();
    snapshot()
        .ifPresent(
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

  private static Preflight of(
      LoraProject project, Optional<DatasetSnapshot> snapshot, Path datasetRoot) {
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    if (snapshot.isPresent()) {
      report = report.merge(DatasetRules.standard().check(snapshot.get(), project));
    }
    return ImmutablePreflight.builder()
        .project(project)
        .snapshot(snapshot)
        .datasetRoot(datasetRoot)
        .report(report)
        .build();
  }

  private static LoraProject textOnly(LoraProject project, PreflightOptions options) {
    if (!options.textOnlyEdit() || !project.baseModel().isEditModel()) {
      return project;
    }
    return LoraProject.builder()
        .from(project)
        .archOverride(project.baseModel().textOnlyArch())
        .build();
  }

  private static LoraProject loadProjectFile(Path file) {
    try {
      return ProjectLoader.load(file);
    } catch (UncheckedIOException e) {
      throw new PreflightException(
          "cannot read '" + file + "': " + e.getCause().getMessage(),
          "check the path and permissions");
    }
  }

  private static DatasetSnapshot scan(
      Path root, PreflightOptions o, LoraProject project, ScanListener listener) {
    DatasetScanner scanner =
        DatasetScanner.of(
            ScanOptions.builder()
                .deep(o.deep())
                .perceptualHash(o.similar() || o.deep())
                .hashCache(o.hashCache())
                .build());
    try {
      return project == null
          ? scanner.scan(root, listener)
          : scanner.scan(root, project.dataset(), listener);
    } catch (DatasetScanException e) {
      throw new PreflightException(
          e.getMessage(), "give the dataset folder that holds 40_name folders");
    } catch (CancellationException e) {
      throw new PreflightException("scan cancelled", "run the command again");
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
}
