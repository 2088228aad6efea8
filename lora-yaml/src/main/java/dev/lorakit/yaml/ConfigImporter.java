package dev.lorakit.yaml;

import static dev.lorakit.yaml.ConfigRules.fmt;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Precision;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.training.ValidationSettings;
import dev.lorakit.core.validation.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ai-toolkit config tree to {@link LoraProject}, with the trainer's defaults for absent keys. */
final class ConfigImporter {

  /** The project (if any), notes, and where each imported folder was declared. */
  static final class Result {
    final ConfigImport imported;
    final Map<String, SourceLocation> folderLocations;

    Result(ConfigImport imported, Map<String, SourceLocation> folderLocations) {
      this.imported = imported;
      this.folderLocations = folderLocations;
    }
  }

  private ConfigImporter() {}

  static Optional<ConfigNode.MapNode> process(ConfigNode root) {
    if (!(root instanceof ConfigNode.MapNode mapNode)) {
      return Optional.empty();
    }
    return mapNode
        .mapAt("config")
        .flatMap(c -> c.listAt("process"))
        .flatMap(
            l ->
                l.items().stream()
                    .filter(ConfigNode.MapNode.class::isInstance)
                    .map(ConfigNode.MapNode.class::cast)
                    .findFirst());
  }

  static Result importProject(ConfigNode rootNode) {
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    Optional<ConfigNode.MapNode> maybeProcess = process(rootNode);
    if (maybeProcess.isEmpty()) {
      return notModeled(locations, "the config has no process to import");
    }
    ConfigNode.MapNode root = (ConfigNode.MapNode) rootNode;
    ConfigNode.MapNode proc = maybeProcess.get();
    ConfigNode.MapNode model = proc.mapAt("model").orElse(ConfigNode.map());
    String nameOrPath = str(model, "name_or_path").orElse("");
    Optional<String> taggedArch = str(model, "arch").map(String::strip);
    Optional<String> arch = taggedArch.map(ConfigImporter::bareArch);
    Optional<BaseModel> fromRepo =
        nameOrPath.isBlank() ? Optional.empty() : BaseModel.fromId(nameOrPath);
    BaseModel base;
    Optional<String> override = Optional.empty();
    if (fromRepo.isPresent()) {
      base = fromRepo.get();
      if (arch.isPresent() && !arch.get().equals(base.arch())) {
        override = arch;
      }
    } else if (taggedArch.isPresent() && BaseModel.fromArch(taggedArch.get()).isPresent()) {
      base = BaseModel.fromArch(taggedArch.get()).get();
    } else {
      return notModeled(
          locations,
          fmt(
              "model %s (arch %s) is not a Qwen-Image model lorakit models",
              nameOrPath.isBlank() ? "<none>" : nameOrPath, arch.orElse("<none>")));
    }

    ConfigNode.MapNode train = proc.mapAt("train").orElse(ConfigNode.map());
    ConfigNode.MapNode network = proc.mapAt("network").orElse(ConfigNode.map());
    ConfigNode.MapNode save = proc.mapAt("save").orElse(ConfigNode.map());
    ConfigNode.MapNode sample = proc.mapAt("sample").orElse(ConfigNode.map());
    List<ConfigNode.MapNode> datasets = maps(proc.listAt("datasets"));
    ConfigNode.MapNode first = datasets.isEmpty() ? ConfigNode.map() : datasets.get(0);

    // Paths: the dataset root is the common parent of every relative path in the config.
    List<String> paths = new ArrayList<>();
    for (ConfigNode.MapNode d : datasets) {
      str(d, "folder_path").ifPresent(paths::add);
      controlPaths(d).forEach(paths::add);
    }
    for (ConfigNode.MapNode s : maps(sample.listAt("samples"))) {
      controlImages(s).forEach(paths::add);
    }
    String datasetRoot = commonRoot(paths);

    var spec = DatasetSpec.builder().root(datasetRoot);
    for (ConfigNode.MapNode d : datasets) {
      String folderPath = str(d, "folder_path").or(() -> str(d, "dataset_path")).orElse("");
      String rel = relative(datasetRoot, stripSlash(folderPath));
      if (rel.isBlank()) {
        continue;
      }
      String name = rel.substring(rel.lastIndexOf('/') + 1);
      FolderRole role =
          bool(d, "is_reg").orElse(false) ? FolderRole.REGULARIZATION : FolderRole.guess(name);
      if (role == FolderRole.CONTROL) {
        role = FolderRole.OTHER;
      }
      var folder =
          ImmutableDatasetFolder.copyOf(DatasetFolder.fromFolderName(rel))
              .withRole(role)
              .withRepeats(intOf(d, "num_repeats", 1));
      List<String> controls = new ArrayList<>();
      for (String c : controlPaths(d)) {
        controls.add(relative(datasetRoot, stripSlash(c)));
      }
      folder = folder.withControlFolders(controls);
      if (role != FolderRole.BODY_REALISM) {
        folder = folder.withRequiredTags(List.of());
      }
      spec.addFolder(folder);
      d.location().ifPresent(l -> locations.putIfAbsent(rel, l));
    }

    List<dev.lorakit.core.validation.Violation> notes = new ArrayList<>();
    for (String key :
        new String[] {
          "resolution", "caption_dropout_rate", "shuffle_tokens", "cache_latents_to_disk"
        }) {
      for (int i = 1; i < datasets.size(); i++) {
        String a = datasets.get(0).get(key).map(ConfigImporter::canonical).orElse("");
        String b = datasets.get(i).get(key).map(ConfigImporter::canonical).orElse("");
        if (!a.equals(b)) {
          notes.add(
              ConfigRules.violation(
                  ConfigRules.DATASET_SETTINGS_DIFFER,
                  "config.process[0].datasets[" + i + "]." + key,
                  datasets
                      .get(i)
                      .get(key)
                      .flatMap(ConfigNode::location)
                      .or(datasets.get(i)::location)
                      .orElse(null),
                  fmt(
                      "%s of dataset %d differs from the first dataset's; the import uses the first",
                      key, i),
                  "give every dataset the same " + key));
          break;
        }
      }
    }
    var t = TrainingParameters.builder();
    int rank = intOf(network, "rank", intOf(network, "linear", 4));
    double alpha = num(network, "linear_alpha").orElse(num(network, "alpha").orElse(1.0));
    t.network(
        NetworkSettings.builder()
            .type(str(network, "type").flatMap(NetworkType::parse).orElse(NetworkType.LORA))
            .rank(rank)
            .alpha(alpha)
            .build());
    t.optimizer(str(train, "optimizer").flatMap(Optimizer::parse).orElse(Optimizer.ADAMW));
    t.learningRate(num(train, "lr").orElse(1e-6));
    t.lrScheduler(str(train, "lr_scheduler").orElse("constant"));
    t.length(TrainingLength.steps(intOf(train, "steps", 1000)));
    t.batchSize(intOf(train, "batch_size", 1));
    t.gradientAccumulation(intOf(train, "gradient_accumulation", 1));
    t.gradientAccumulationSteps(intOf(train, "gradient_accumulation_steps", 1));
    t.quantization(quantization(model));
    ConfigNode.MapNode ema = train.mapAt("ema_config").orElse(ConfigNode.map());
    t.ema(EmaSettings.of(bool(ema, "use_ema").orElse(false), num(ema, "ema_decay").orElse(0.999)));
    t.precision(str(train, "dtype").flatMap(Precision::parse).orElse(Precision.FP32));
    t.resolutions(resolutions(first));
    t.cacheLatentsToDisk(bool(first, "cache_latents_to_disk").orElse(false));
    t.cacheTextEmbeddings(bool(train, "cache_text_embeddings").orElse(false));
    t.captionDropoutRate(num(first, "caption_dropout_rate").orElse(0.0));
    t.shuffleTokens(bool(first, "shuffle_tokens").orElse(false));
    t.trainTextEncoder(bool(train, "train_text_encoder").orElse(false));
    t.gradientCheckpointing(bool(train, "gradient_checkpointing").orElse(true));
    t.noiseScheduler(str(train, "noise_scheduler").orElse("ddpm"));
    t.timestepType(str(train, "timestep_type").orElse("sigmoid"));
    t.save(
        SavePolicy.builder()
            .saveEvery(intOf(save, "save_every", 1000))
            .keep(intOf(save, "max_step_saves_to_keep", 5))
            .dtype(str(save, "dtype").flatMap(Precision::parse).orElse(Precision.FP16))
            .build());
    proc.scalarAt("training_seed").flatMap(ConfigNode.ScalarNode::integer).ifPresent(t::seed);
    t.optimizerParams(numbers(train.mapAt("optimizer_params")));
    t.lrSchedulerParams(numbers(train.mapAt("lr_scheduler_params")));
    t.lowVram(bool(model, "low_vram").orElse(false));
    t.layerOffloading(bool(model, "layer_offloading").orElse(false));
    num(model, "layer_offloading_transformer_percent")
        .ifPresent(t::layerOffloadingTransformerPercent);
    num(model, "layer_offloading_text_encoder_percent")
        .ifPresent(t::layerOffloadingTextEncoderPercent);
    model
        .mapAt("model_kwargs")
        .flatMap(k -> bool(k, "match_target_res"))
        .ifPresent(t::matchTargetRes);
    train.mapAt("validation_config").map(v -> validation(v, datasetRoot)).ifPresent(t::validation);

    var s = SamplingSettings.builder();
    List<SamplePrompt> prompts = new ArrayList<>();
    if (sample.has("samples")) {
      for (ConfigNode.MapNode item : maps(sample.listAt("samples"))) {
        List<String> images = new ArrayList<>();
        for (String c : controlImages(item)) {
          images.add(relative(datasetRoot, c));
        }
        prompts.add(SamplePrompt.of(str(item, "prompt").orElse(""), images));
      }
    } else {
      sample
          .listAt("prompts")
          .ifPresent(
              l ->
                  l.items().stream()
                      .filter(ConfigNode.ScalarNode.class::isInstance)
                      .map(n -> ((ConfigNode.ScalarNode) n).text())
                      .forEach(p -> prompts.add(SamplePrompt.of(p))));
    }
    s.prompts(prompts);
    s.sampleEvery(intOf(sample, "sample_every", 100));
    s.width(intOf(sample, "width", 512));
    s.height(intOf(sample, "height", 512));
    s.guidanceScale(num(sample, "guidance_scale").orElse(7.0));
    s.sampleSteps(intOf(sample, "sample_steps", 20));
    s.seed(sample.scalarAt("seed").flatMap(ConfigNode.ScalarNode::integer).orElse(0L));
    s.negativePrompt(sample.scalarAt("neg").flatMap(ConfigNode.ScalarNode::string).orElse(""));

    String trigger = str(proc, "trigger_word").or(() -> str(first, "trigger_word")).orElse("");
    String name = root.mapAt("config").flatMap(c -> str(c, "name")).orElse("");
    LoraProject project =
        LoraProject.builder()
            .name(name)
            .trigger(TriggerWord.of(trigger))
            .baseModel(base)
            .archOverride(override)
            .dataset(spec.build())
            .training(t.build())
            .sampling(s.build())
            .build();
    return new Result(
        ImmutableConfigImport.builder().project(project).addAllNotes(notes).build(), locations);
  }

  private static Result notModeled(Map<String, SourceLocation> locations, String message) {
    return new Result(
        ImmutableConfigImport.builder()
            .addNote(
                ConfigRules.violation(
                    ConfigRules.NOT_MODELED,
                    "model",
                    null,
                    message,
                    "nothing to fix; only the config rules were applied"))
            .build(),
        locations);
  }

  private static Quantization quantization(ConfigNode.MapNode model) {
    boolean quantize = bool(model, "quantize").orElse(false);
    String qtype = str(model, "qtype").orElse("qfloat8");
    Optional<String> adapter = str(model, "accuracy_recovery_adapter");
    int bar = qtype.indexOf('|');
    if (bar >= 0) {
      adapter = Optional.of(qtype.substring(bar + 1));
      qtype = qtype.substring(0, bar);
    }
    return Quantization.builder()
        .enabled(quantize)
        .qtype(qtype)
        .accuracyRecoveryAdapter(adapter)
        .quantizeTextEncoder(bool(model, "quantize_te").orElse(quantize))
        .textEncoderQtype(str(model, "qtype_te").orElse("qfloat8"))
        .build();
  }

  private static List<Integer> resolutions(ConfigNode.MapNode dataset) {
    Optional<ConfigNode> res = dataset.get("resolution");
    List<Integer> out = new ArrayList<>();
    if (res.isPresent() && res.get() instanceof ConfigNode.ListNode listNode) {
      for (ConfigNode n : listNode.items()) {
        if (n instanceof ConfigNode.ScalarNode scalar) {
          scalar.integer().ifPresent(i -> out.add(clampInt(i)));
        }
      }
    } else if (res.isPresent() && res.get() instanceof ConfigNode.ScalarNode scalarNode) {
      scalarNode.integer().ifPresent(i -> out.add(clampInt(i)));
    }
    return out.isEmpty() ? List.of(512) : out;
  }

  /** control_path (string or list) or control_path_1..3, in order. */
  static List<String> controlPaths(ConfigNode.MapNode dataset) {
    List<String> out = new ArrayList<>();
    for (String k : new String[] {"control_path_1", "control_path_2", "control_path_3"}) {
      str(dataset, k).filter(v -> !v.isBlank()).ifPresent(out::add);
    }
    if (!out.isEmpty()) {
      return out;
    }
    Optional<ConfigNode> cp = dataset.get("control_path");
    if (cp.isPresent() && cp.get() instanceof ConfigNode.ListNode) {
      for (ConfigNode n : ((ConfigNode.ListNode) cp.get()).items()) {
        if (n instanceof ConfigNode.ScalarNode && ((ConfigNode.ScalarNode) n).isString()) {
          out.add(((ConfigNode.ScalarNode) n).text());
        }
      }
    } else {
      str(dataset, "control_path").filter(v -> !v.isBlank()).ifPresent(out::add);
    }
    return out;
  }

  /** ctrl_img_1..3 of a sample item, with ctrl_img as the default of ctrl_img_1. */
  static List<String> controlImages(ConfigNode.MapNode item) {
    List<String> out = new ArrayList<>();
    str(item, "ctrl_img_1").or(() -> str(item, "ctrl_img")).ifPresent(out::add);
    str(item, "ctrl_img_2").ifPresent(out::add);
    str(item, "ctrl_img_3").ifPresent(out::add);
    return out;
  }

  /** The numeric entries of a mapping (lorakit models numeric scheduler and optimizer params). */
  private static Map<String, Double> numbers(Optional<ConfigNode.MapNode> map) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    map.ifPresent(m -> m.entries().keySet().forEach(k -> num(m, k).ifPresent(v -> out.put(k, v))));
    return out;
  }

  private static ValidationSettings validation(ConfigNode.MapNode v, String datasetRoot) {
    var b = ValidationSettings.builder();
    for (ConfigNode.MapNode item : maps(v.listAt("validation_items"))) {
      b.addItem(
          ValidationSettings.Item.of(
              relative(datasetRoot, str(item, "image_path").orElse("")),
              str(item, "prompt").orElse("")));
    }
    v.scalarAt("resolution")
        .flatMap(ConfigNode.ScalarNode::integer)
        .ifPresent(r -> b.resolution(r.intValue()));
    v.scalarAt("validate_every_n_steps")
        .flatMap(ConfigNode.ScalarNode::integer)
        .ifPresent(n -> b.everyNSteps(n.intValue()));
    v.listAt("validation_sigmas")
        .ifPresent(
            l ->
                b.sigmas(
                    l.items().stream()
                        .filter(ConfigNode.ScalarNode.class::isInstance)
                        .map(n -> ((ConfigNode.ScalarNode) n).number())
                        .flatMap(Optional::stream)
                        .collect(java.util.stream.Collectors.toList())));
    return b.build();
  }

  static String bareArch(String arch) {
    int colon = arch.indexOf(':');
    return colon < 0 ? arch : arch.substring(0, colon);
  }

  static String commonRoot(List<String> paths) {
    String[] common = null;
    int length = 0;
    for (String p : paths) {
      String path = stripSlash(p);
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        return ".";
      }
      String[] parts = path.substring(0, slash).split("/", -1);
      if (common == null) {
        common = parts;
        length = parts.length;
      } else {
        int i = 0;
        while (i < Math.min(length, parts.length) && common[i].equals(parts[i])) {
          i++;
        }
        length = i;
      }
    }
    if (common == null || length == 0) {
      return ".";
    }
    String root = String.join("/", java.util.Arrays.copyOf(common, length));
    return root.isEmpty() ? "/" : root;
  }

  static String relative(String root, String path) {
    if (root.equals(".")) {
      return path;
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }

  private static String stripSlash(String p) {
    String s = p.strip();
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  static List<ConfigNode.MapNode> maps(Optional<ConfigNode.ListNode> list) {
    List<ConfigNode.MapNode> out = new ArrayList<>();
    list.ifPresent(
        l ->
            l.items().stream()
                .filter(ConfigNode.MapNode.class::isInstance)
                .map(ConfigNode.MapNode.class::cast)
                .forEach(out::add));
    return out;
  }

  /** A value as comparable text: YAML of the subtree. */
  private static String canonical(ConfigNode node) {
    ConfigNode.MapNode holder = ConfigNode.map().put("v", node.copy());
    return Emitter.yaml(holder, null);
  }

  static Optional<String> str(ConfigNode.MapNode map, String key) {
    return map.scalarAt(key).filter(s -> s.value() != null).map(ConfigNode.ScalarNode::text);
  }

  static Optional<Boolean> bool(ConfigNode.MapNode map, String key) {
    return map.scalarAt(key).flatMap(ConfigNode.ScalarNode::bool);
  }

  static Optional<Double> num(ConfigNode.MapNode map, String key) {
    return map.scalarAt(key).flatMap(ConfigNode.ScalarNode::number);
  }

  static int intOf(ConfigNode.MapNode map, String key, int fallback) {
    return map.scalarAt(key)
        .flatMap(ConfigNode.ScalarNode::integer)
        .map(ConfigImporter::clampInt)
        .orElse(fallback);
  }

  private static int clampInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
