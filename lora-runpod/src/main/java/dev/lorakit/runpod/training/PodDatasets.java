package dev.lorakit.runpod.training;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.immutables.value.Value;

/**
 * A project as the pod sees it: every training and control folder is uploaded as one ai-toolkit UI
 * dataset ({@code /app/ai-toolkit/datasets/<name>}), so the config must name those paths.
 *
 * <pre>{@code
 * PodDatasets pod = PodDatasets.of(project, Path.of("dataset"));
 * pod.uploads(); // {"40_maya_char": dataset/40_maya_char, ...}
 * // TrainingRunSpec.forProject does this and writes the job for pod.project()
 * }</pre>
 */
@Value.Immutable
public abstract class PodDatasets {
  /** Where the UI keeps uploaded datasets. */
  public static final String DATASETS_ROOT = TrainingRun.UI_ROOT + "/datasets";

  /** The UI's training folder; checkpoints must land here for the UI to list them. */
  public static final String OUTPUT_ROOT = TrainingRun.UI_ROOT + "/output";

  /** The project with dataset paths on the pod. */
  public abstract LoraProject project();

  /** UI dataset name to the local folder to upload. */
  public abstract Map<String, Path> uploads();

  /** Maps a project whose folder paths are relative to {@code localRoot}. */
  public static PodDatasets of(LoraProject project, Path localRoot) {
    Map<String, Path> uploads = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (DatasetFolder f : project.dataset().folders()) {
      all.add(f.path());
      all.addAll(f.controlFolders());
    }
    for (String path : all) {
      names.computeIfAbsent(
          path,
          p -> {
            String name = uniqueName(datasetName(p), uploads);
            uploads.put(name, localRoot.resolve(p));
            return name;
          });
    }
    List<DatasetFolder> folders = new ArrayList<>();
    for (DatasetFolder f : project.dataset().folders()) {
      List<String> controls = new ArrayList<>();
      f.controlFolders().forEach(c -> controls.add(names.get(c)));
      folders.add(
          DatasetFolder.builder()
              .from(f)
              .path(names.get(f.path()))
              .controlFolders(controls)
              .build());
    }
    List<SamplePrompt> prompts = new ArrayList<>();
    for (SamplePrompt s : project.sampling().prompts()) {
      List<String> images = new ArrayList<>();
      for (String image : s.controlImages()) {
        int slash = image.lastIndexOf('/');
        String folder = slash < 0 ? "" : image.substring(0, slash);
        String mapped = names.get(folder);
        // the upload stores the file under the UI's cleaned name (audit row 7)
        images.add(
            mapped == null ? image : mapped + "/" + uploadedName(image.substring(slash + 1)));
      }
      prompts.add(SamplePrompt.of(s.prompt(), images));
    }
    LoraProject onPod =
        LoraProject.builder()
            .from(project)
            .dataset(DatasetSpec.builder().root(DATASETS_ROOT).folders(folders).build())
            .sampling(SamplingSettings.builder().from(project.sampling()).prompts(prompts).build())
            .build();
    return ImmutablePodDatasets.builder().project(onPod).uploads(uploads).build();
  }

  /**
   * The name {@code POST /api/datasets/upload} stores a file under: {@code
   * name.replace(/[^a-zA-Z0-9.-]/g, '_')} ({@code ui/src/app/api/datasets/upload/route.ts} l.34 at
   * 27a03a91), one {@code _} per UTF-16 code unit as JavaScript counts them. {@code img 000.jpg}
   * becomes {@code img_000.jpg}.
   */
  public static String uploadedName(String fileName) {
    StringBuilder sb = new StringBuilder(fileName.length());
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      boolean kept =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-';
      sb.append(kept ? c : '_');
    }
    return sb.toString();
  }

  /** The pod path of each local folder path (training and control folders). */
  public static Map<String, String> podPaths(LoraProject local, LoraProject onPod) {
    Map<String, String> out = new LinkedHashMap<>();
    List<DatasetFolder> a = local.dataset().folders();
    List<DatasetFolder> b = onPod.dataset().folders();
    for (int i = 0; i < a.size() && i < b.size(); i++) {
      out.put(a.get(i).path(), b.get(i).path());
    }
    return out;
  }

  /**
   * UI dataset names for local folders (dataset-relative, {@code /}-separated), named as {@link
   * #of} names them: the last segment lower-cased to {@code [a-z0-9_]}, {@code _2}, {@code _3} on a
   * clash. Keys in the order given.
   */
  public static Map<String, String> datasetNames(List<String> folders) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Path> taken = new LinkedHashMap<>();
    for (String folder : folders) {
      if (!out.containsKey(folder)) {
        String name = uniqueName(datasetName(folder), taken);
        taken.put(name, Path.of(""));
        out.put(folder, name);
      }
    }
    return out;
  }

  /** The UI accepts lower-case {@code [a-z0-9_]} dataset names. */
  static String datasetName(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    String name = last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
    return name.isEmpty() ? "dataset" : name;
  }

  private static String uniqueName(String base, Map<String, Path> taken) {
    String name = base;
    for (int i = 2; taken.containsKey(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }
}
