package dev.lorakit.cli;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.rules.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorakit check}: scan a dataset folder and validate the project it implies. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Scan a dataset folder and check it against the guide and the trainer.")
final class CheckCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "DATASET",
      description = "lorakit.yaml, or a dataset folder with N_name subfolders.")
  Path input;

  @Option(
      names = "--trigger",
      description = "Trigger word (default: the name part of the first character folder).")
  String trigger;

  @Option(
      names = "--base-model",
      defaultValue = "qwen-image-edit-2509",
      description = "qwen-image, qwen-image-edit or qwen-image-edit-2509 (default).")
  String baseModel;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LoraProject project = ProjectInput.load(input, trigger, baseModel);
    ValidationReport report = RuleEngine.qwenCharacter().check(project);
    if (output.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("dataset", datasetJson(project.dataset()));
      json.putAll(ReportView.json(report));
      out.println(Json.write(json));
    } else {
      out.printf(
          Locale.ROOT,
          "Dataset %s (%s, trigger %s)%n",
          input,
          project.baseModel().id(),
          project.trigger());
      for (DatasetFolder f : project.dataset().folders()) {
        out.printf(
            Locale.ROOT,
            "  %-32s %-14s repeats %3d  images %d%n",
            f.path(),
            f.role().id(),
            f.repeats(),
            f.imageCount().orElse(0));
      }
      out.println();
      ReportView.text(report, out);
    }
    return ReportView.exitCode(report);
  }

  static BaseModel baseModel(String id) {
    return BaseModel.fromId(id)
        .orElseThrow(
            () ->
                new UserException(
                    "unknown base model '" + id + "'", "use one of " + BaseModel.ids()));
  }

  /** Builds the project a dataset folder implies: one dataset folder per subfolder. */
  static LoraProject projectFromFolder(Path root, String trigger, String baseModelId) {
    BaseModel model = baseModel(baseModelId);
    if (!Files.isDirectory(root)) {
      throw new UserException(
          "'" + root + "' is not a readable folder",
          "give the dataset folder that holds 40_name folders");
    }
    List<DatasetFolder> folders = new ArrayList<>();
    List<Path> subdirs;
    try (Stream<Path> s = Files.list(root)) {
      subdirs =
          s.filter(Files::isDirectory)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UserException(
          "cannot list '" + root + "': " + e.getMessage(), "check the folder's permissions");
    }
    List<String> controls =
        subdirs.stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> FolderRole.guess(n) == FolderRole.CONTROL)
            .collect(Collectors.toList());
    for (Path dir : subdirs) {
      String name = dir.getFileName().toString();
      DatasetFolder folder = DatasetFolder.fromFolderName(name).withImageCount(countImages(dir));
      if (folder.role() != FolderRole.CONTROL && !controls.isEmpty()) {
        folder = DatasetFolder.builder().from(folder).controlFolders(controls).build();
      }
      folders.add(folder);
    }
    String chosen =
        trigger != null
            ? trigger
            : folders.stream()
                .filter(f -> f.role() == FolderRole.CHARACTER)
                .map(
                    f ->
                        KohyaFolderName.parse(f.name()).map(KohyaFolderName::name).orElse(f.name()))
                .findFirst()
                .orElse("");
    String name =
        root.toAbsolutePath().normalize().getFileName() == null
            ? "lora"
            : root.toAbsolutePath().normalize().getFileName().toString();
    LoraProject project =
        LoraProject.builder()
            .name(name.replaceAll("[^A-Za-z0-9_.-]+", "_") + "_lora")
            .trigger(TriggerWord.of(chosen))
            .baseModel(model)
            .dataset(DatasetSpec.builder().root(root.toString()).folders(folders).build())
            .build();
    if (controls.isEmpty()) {
      return project;
    }
    // Samples of an edit model need control images: use the first image of each control folder.
    List<String> sampleControls = new ArrayList<>();
    for (String control : controls) {
      firstImage(root.resolve(control)).ifPresent(f -> sampleControls.add(control + "/" + f));
    }
    List<SamplePrompt> prompts = new ArrayList<>();
    for (SamplePrompt p : project.sampling().prompts()) {
      prompts.add(SamplePrompt.of(p.prompt(), sampleControls));
    }
    return LoraProject.builder()
        .from(project)
        .sampling(SamplingSettings.builder().from(project.sampling()).prompts(prompts).build())
        .build();
  }

  private static java.util.Optional<String> firstImage(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|webp)"))
          .sorted()
          .findFirst();
    } catch (IOException e) {
      throw new UserException(
          "cannot read '" + dir + "': " + e.getMessage(), "check the folder's permissions");
    }
  }

  private static int countImages(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return (int)
          files
              .filter(Files::isRegularFile)
              .map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
              .filter(n -> n.matches(".*\\.(jpe?g|png|webp)"))
              .count();
    } catch (IOException e) {
      throw new UserException(
          "cannot read '" + dir + "': " + e.getMessage(), "check the folder's permissions");
    }
  }

  static Map<String, Object> datasetJson(DatasetSpec spec) {
    List<Map<String, Object>> folders = new ArrayList<>();
    for (DatasetFolder f : spec.folders()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("role", f.role().id());
      m.put("repeats", f.repeats());
      f.imageCount().ifPresent(c -> m.put("images", c));
      m.put("controlFolders", f.controlFolders());
      folders.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("root", spec.root());
    out.put("folders", folders);
    return out;
  }
}
