package dev.lorakit.yaml;

import static dev.lorakit.yaml.ConfigRules.fmt;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.internal.EditDistance;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.ImmutableTrainingLength;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Precision;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.training.ValidationSettings;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the lorakit project file, {@code lorakit.yaml} (schema: {@code docs/project-file.md}).
 * Strict: unknown keys, wrong types and unknown enum values are errors with their line and column,
 * all reported at once. Absent optional keys take the model's defaults (the guide's values).
 *
 * <pre>{@code
 * LoraProject project = ProjectLoader.load(Path.of("lorakit.yaml"));
 * }</pre>
 *
 * <p>Throws {@link LoraValidationException} whose report holds every {@code project-file.*}
 * violation (or the {@code config.limit-exceeded} of an oversized or bomb-like file).
 */
public final class ProjectLoader {
  private static final Set<String> ROOT =
      keys(
          "lorakit",
          "name",
          "trigger",
          "base_model",
          "arch_override",
          "trainer_version",
          "dataset",
          "training",
          "sampling",
          "evaluation",
          "hardware");
  private static final Set<String> DATASET = keys("root", "folders");
  private static final Set<String> FOLDER =
      keys("path", "repeats", "role", "required_tags", "control_folders", "image_count");
  private static final Set<String> TRAINING =
      keys(
          "network",
          "optimizer",
          "learning_rate",
          "lr_scheduler",
          "epochs",
          "steps",
          "batch_size",
          "gradient_accumulation",
          "gradient_accumulation_steps",
          "quantization",
          "ema",
          "precision",
          "resolutions",
          "cache_latents_to_disk",
          "cache_text_embeddings",
          "caption_dropout_rate",
          "shuffle_tokens",
          "train_text_encoder",
          "gradient_checkpointing",
          "noise_scheduler",
          "timestep_type",
          "save",
          "seed",
          "lr_scheduler_params",
          "optimizer_params",
          "low_vram",
          "layer_offloading",
          "layer_offloading_transformer_percent",
          "layer_offloading_text_encoder_percent",
          "match_target_res",
          "validation");
  private static final Set<String> VALIDATION =
      keys("items", "resolution", "every_n_steps", "sigmas");
  private static final Set<String> VALIDATION_ITEM = keys("image_path", "prompt");
  private static final Set<String> NETWORK = keys("type", "rank", "alpha");
  private static final Set<String> QUANTIZATION =
      keys(
          "enabled",
          "qtype",
          "accuracy_recovery_adapter",
          "quantize_text_encoder",
          "text_encoder_qtype");
  private static final Set<String> EMA = keys("enabled", "decay");
  private static final Set<String> SAVE = keys("every", "keep", "dtype");
  private static final Set<String> SAMPLING =
      keys(
          "prompts",
          "every",
          "width",
          "height",
          "guidance_scale",
          "sample_steps",
          "seed",
          "negative_prompt");
  private static final Set<String> PROMPT = keys("prompt", "control_images");
  private static final Set<String> EVALUATION = keys("prompts", "strengths", "seeds_per_prompt");
  private static final Set<String> HARDWARE = keys("gpu_type", "memory_gb", "price_per_hour");

  private final List<Violation> errors = new ArrayList<>();

  private ProjectLoader() {}

  public static LoraProject load(Path file) {
    try {
      return parse(AiToolkitConfigReader.readBounded(file), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LoraProject read(String text) {
    return parse(null, Objects.requireNonNull(text, "text"));
  }

  private static LoraProject parse(byte[] bytes, String text) {
    SafeYaml yaml = new SafeYaml(ConfigRules.PROJECT_SYNTAX);
    SafeYaml.Parsed parsed;
    try {
      parsed = text != null ? yaml.parse(text) : yaml.parse(bytes);
    } catch (SafeYaml.Unreadable e) {
      throw new LoraValidationException(ValidationReport.of(List.of(e.violation), List.of()));
    }
    ProjectLoader loader = new ProjectLoader();
    for (Violation v : parsed.problems) {
      loader.errors.add(
          ConfigRules.violation(
              ConfigRules.PROJECT_INVALID_VALUE,
              v.path(),
              v.location().orElse(null),
              v.message(),
              v.hint()));
    }
    LoraProject project = null;
    try {
      project = loader.project(parsed.root);
    } catch (RuntimeException e) {
      loader.error(
          ConfigRules.PROJECT_INVALID_VALUE,
          "",
          parsed.root.location().orElse(null),
          "the project cannot be built: " + e.getMessage(),
          "fix the values reported above");
    }
    if (!loader.errors.isEmpty() || project == null) {
      throw new LoraValidationException(ValidationReport.of(loader.errors, List.of()));
    }
    return project;
  }

  private LoraProject project(ConfigNode rootNode) {
    if (!(rootNode instanceof ConfigNode.MapNode)) {
      error(
          ConfigRules.PROJECT_INVALID_VALUE,
          "",
          rootNode.location().orElse(SourceLocation.of(1, 1)),
          "lorakit.yaml is not a mapping",
          "start with name:, trigger: and dataset:");
      return null;
    }
    ConfigNode.MapNode root = (ConfigNode.MapNode) rootNode;
    unknown(root, "", ROOT);
    integer(root, "lorakit", "lorakit")
        .filter(v -> v != ProjectWriter.SCHEMA_VERSION)
        .ifPresent(
            v ->
                error(
                    ConfigRules.PROJECT_INVALID_VALUE,
                    "lorakit",
                    valueLoc(root, "lorakit"),
                    fmt(
                        "schema version %d is not supported (only %d)",
                        v, ProjectWriter.SCHEMA_VERSION),
                    "set lorakit: " + ProjectWriter.SCHEMA_VERSION));
    Optional<String> name = required(root, "name", "name");
    Optional<String> trigger = required(root, "trigger", "trigger");
    var b = LoraProject.builder();
    string(root, "base_model", "base_model")
        .ifPresent(
            id -> {
              Optional<BaseModel> m = BaseModel.fromId(id);
              if (m.isPresent()) {
                b.baseModel(m.get());
              } else {
                invalid(root, "base_model", "base_model", id, BaseModel.ids());
              }
            });
    string(root, "arch_override", "arch_override").ifPresent(b::archOverride);
    string(root, "trainer_version", "trainer_version")
        .ifPresent(
            v -> {
              Optional<TrainerVersion> version = TrainerVersion.parse(v);
              if (version.isPresent()) {
                b.trainerVersion(version.get());
              } else {
                invalid(
                    root,
                    "trainer_version",
                    "trainer_version",
                    v,
                    "0.12.26 (the pinned image) or an ai-toolkit commit date such as 2026-05-01");
              }
            });
    Optional<DatasetSpec> dataset = Optional.empty();
    if (!root.has("dataset")) {
      missing(root, "dataset", "dataset: {root: dataset, folders: [...]}");
    } else {
      dataset = section(root, "dataset", "dataset").map(this::dataset);
    }
    section(root, "training", "training").map(this::training).ifPresent(b::training);
    section(root, "sampling", "sampling").map(this::sampling).ifPresent(b::sampling);
    section(root, "evaluation", "evaluation").map(this::evaluation).ifPresent(b::evaluation);
    section(root, "hardware", "hardware").map(this::hardware).ifPresent(b::hardware);
    if (!errors.isEmpty() || name.isEmpty() || trigger.isEmpty() || dataset.isEmpty()) {
      return null;
    }
    return b.name(name.get()).trigger(TriggerWord.of(trigger.get())).dataset(dataset.get()).build();
  }

  private DatasetSpec dataset(ConfigNode.MapNode m) {
    unknown(m, "dataset", DATASET);
    var spec = DatasetSpec.builder();
    string(m, "root", "dataset.root").ifPresent(spec::root);
    List<ConfigNode> items = list(m, "folders", "dataset.folders");
    for (int i = 0; i < items.size(); i++) {
      String path = "dataset.folders[" + i + "]";
      ConfigNode item = items.get(i);
      if (!(item instanceof ConfigNode.MapNode)) {
        error(
            ConfigRules.PROJECT_INVALID_VALUE,
            path,
            item.location().orElse(null),
            path + " is not a mapping",
            "write path:, repeats:, role:");
        continue;
      }
      ConfigNode.MapNode f = (ConfigNode.MapNode) item;
      unknown(f, path, FOLDER);
      Optional<String> folderPath = required(f, "path", path + ".path");
      if (folderPath.isEmpty() || folderPath.get().isBlank()) {
        continue;
      }
      ImmutableDatasetFolder folder =
          ImmutableDatasetFolder.copyOf(DatasetFolder.fromFolderName(folderPath.get()));
      folder = integer(f, "repeats", path + ".repeats").map(folder::withRepeats).orElse(folder);
      Optional<String> role = string(f, "role", path + ".role");
      if (role.isPresent()) {
        Optional<FolderRole> r =
            Arrays.stream(FolderRole.values())
                .filter(x -> x.id().equals(role.get().strip().toLowerCase(Locale.ROOT)))
                .findFirst();
        if (r.isPresent()) {
          folder = folder.withRole(r.get());
        } else {
          invalid(
              f,
              "role",
              path + ".role",
              role.get(),
              Arrays.stream(FolderRole.values())
                  .map(FolderRole::id)
                  .collect(Collectors.joining(", ")));
        }
      }
      if (f.has("required_tags")) {
        folder = folder.withRequiredTags(strings(f, "required_tags", path + ".required_tags"));
      }
      folder = folder.withControlFolders(strings(f, "control_folders", path + ".control_folders"));
      Optional<Integer> count = integer(f, "image_count", path + ".image_count");
      if (count.isPresent()) {
        folder = folder.withImageCount(count.get());
      }
      spec.addFolder(folder);
    }
    return spec.build();
  }

  private TrainingParameters training(ConfigNode.MapNode m) {
    unknown(m, "training", TRAINING);
    var t = TrainingParameters.builder();
    section(m, "network", "training.network")
        .ifPresent(
            n -> {
              unknown(n, "training.network", NETWORK);
              var nb = NetworkSettings.builder();
              enumOf(
                      n,
                      "type",
                      "training.network.type",
                      NetworkType::parse,
                      Arrays.stream(NetworkType.values())
                          .map(NetworkType::key)
                          .collect(Collectors.joining(", ")))
                  .ifPresent(nb::type);
              integer(n, "rank", "training.network.rank").ifPresent(nb::rank);
              number(n, "alpha", "training.network.alpha").ifPresent(nb::alpha);
              t.network(nb.build());
            });
    enumOf(
            m,
            "optimizer",
            "training.optimizer",
            Optimizer::parse,
            Arrays.stream(Optimizer.values()).map(Optimizer::key).collect(Collectors.joining(", ")))
        .ifPresent(t::optimizer);
    number(m, "learning_rate", "training.learning_rate").ifPresent(t::learningRate);
    string(m, "lr_scheduler", "training.lr_scheduler").ifPresent(t::lrScheduler);
    Optional<Integer> epochs = integer(m, "epochs", "training.epochs");
    Optional<Integer> steps = integer(m, "steps", "training.steps");
    if (epochs.isPresent() || steps.isPresent()) {
      var length = ImmutableTrainingLength.builder();
      epochs.ifPresent(length::epochs);
      steps.ifPresent(length::steps);
      t.length(length.build());
    }
    integer(m, "batch_size", "training.batch_size").ifPresent(t::batchSize);
    integer(m, "gradient_accumulation", "training.gradient_accumulation")
        .ifPresent(t::gradientAccumulation);
    integer(m, "gradient_accumulation_steps", "training.gradient_accumulation_steps")
        .ifPresent(t::gradientAccumulationSteps);
    section(m, "quantization", "training.quantization")
        .ifPresent(
            q -> {
              unknown(q, "training.quantization", QUANTIZATION);
              var qb = Quantization.builder();
              bool(q, "enabled", "training.quantization.enabled").ifPresent(qb::enabled);
              string(q, "qtype", "training.quantization.qtype").ifPresent(qb::qtype);
              string(
                      q,
                      "accuracy_recovery_adapter",
                      "training.quantization.accuracy_recovery_adapter")
                  .ifPresent(qb::accuracyRecoveryAdapter);
              bool(q, "quantize_text_encoder", "training.quantization.quantize_text_encoder")
                  .ifPresent(qb::quantizeTextEncoder);
              string(q, "text_encoder_qtype", "training.quantization.text_encoder_qtype")
                  .ifPresent(qb::textEncoderQtype);
              t.quantization(qb.build());
            });
    section(m, "ema", "training.ema")
        .ifPresent(
            e -> {
              unknown(e, "training.ema", EMA);
              EmaSettings defaults = EmaSettings.of(true, 0.999);
              t.ema(
                  EmaSettings.of(
                      bool(e, "enabled", "training.ema.enabled").orElse(defaults.enabled()),
                      number(e, "decay", "training.ema.decay").orElse(defaults.decay())));
            });
    enumOf(m, "precision", "training.precision", Precision::parse, "bf16, float16, float32, float8")
        .ifPresent(t::precision);
    if (m.has("resolutions")) {
      List<Integer> res = new ArrayList<>();
      for (ConfigNode n : list(m, "resolutions", "training.resolutions")) {
        intValue(n, "training.resolutions").ifPresent(res::add);
      }
      t.resolutions(res);
    }
    bool(m, "cache_latents_to_disk", "training.cache_latents_to_disk")
        .ifPresent(t::cacheLatentsToDisk);
    bool(m, "cache_text_embeddings", "training.cache_text_embeddings")
        .ifPresent(t::cacheTextEmbeddings);
    number(m, "caption_dropout_rate", "training.caption_dropout_rate")
        .ifPresent(t::captionDropoutRate);
    bool(m, "shuffle_tokens", "training.shuffle_tokens").ifPresent(t::shuffleTokens);
    bool(m, "train_text_encoder", "training.train_text_encoder").ifPresent(t::trainTextEncoder);
    bool(m, "gradient_checkpointing", "training.gradient_checkpointing")
        .ifPresent(t::gradientCheckpointing);
    string(m, "noise_scheduler", "training.noise_scheduler").ifPresent(t::noiseScheduler);
    string(m, "timestep_type", "training.timestep_type").ifPresent(t::timestepType);
    section(m, "save", "training.save")
        .ifPresent(
            s -> {
              unknown(s, "training.save", SAVE);
              var sb = SavePolicy.builder();
              integer(s, "every", "training.save.every").ifPresent(sb::saveEvery);
              integer(s, "keep", "training.save.keep").ifPresent(sb::keep);
              enumOf(
                      s,
                      "dtype",
                      "training.save.dtype",
                      Precision::parse,
                      "float16, bf16, float32, float8")
                  .ifPresent(sb::dtype);
              t.save(sb.build());
            });
    longValue(m, "seed", "training.seed").ifPresent(t::seed);
    numbers(m, "lr_scheduler_params", "training.lr_scheduler_params")
        .ifPresent(t::lrSchedulerParams);
    numbers(m, "optimizer_params", "training.optimizer_params").ifPresent(t::optimizerParams);
    bool(m, "low_vram", "training.low_vram").ifPresent(t::lowVram);
    bool(m, "layer_offloading", "training.layer_offloading").ifPresent(t::layerOffloading);
    number(
            m,
            "layer_offloading_transformer_percent",
            "training.layer_offloading_transformer_percent")
        .ifPresent(t::layerOffloadingTransformerPercent);
    number(
            m,
            "layer_offloading_text_encoder_percent",
            "training.layer_offloading_text_encoder_percent")
        .ifPresent(t::layerOffloadingTextEncoderPercent);
    bool(m, "match_target_res", "training.match_target_res").ifPresent(t::matchTargetRes);
    section(m, "validation", "training.validation").map(this::validation).ifPresent(t::validation);
    return t.build();
  }

  private Optional<Map<String, Double>> numbers(ConfigNode.MapNode m, String key, String path) {
    return section(m, key, path)
        .map(
            n -> {
              Map<String, Double> out = new LinkedHashMap<>();
              for (String k : n.entries().keySet()) {
                number(n, k, path + "." + k).ifPresent(v -> out.put(k, v));
              }
              return out;
            });
  }

  private ValidationSettings validation(ConfigNode.MapNode m) {
    unknown(m, "training.validation", VALIDATION);
    var v = ValidationSettings.builder();
    List<ConfigNode> items = list(m, "items", "training.validation.items");
    for (int i = 0; i < items.size(); i++) {
      String path = "training.validation.items[" + i + "]";
      if (!(items.get(i) instanceof ConfigNode.MapNode)) {
        error(
            ConfigRules.PROJECT_INVALID_VALUE,
            path,
            items.get(i).location().orElse(null),
            path + " is not a mapping",
            "write image_path: and prompt:");
        continue;
      }
      ConfigNode.MapNode item = (ConfigNode.MapNode) items.get(i);
      unknown(item, path, VALIDATION_ITEM);
      Optional<String> image = required(item, "image_path", path + ".image_path");
      Optional<String> prompt = required(item, "prompt", path + ".prompt");
      if (image.isPresent() && prompt.isPresent()) {
        v.addItem(ValidationSettings.Item.of(image.get(), prompt.get()));
      }
    }
    integer(m, "resolution", "training.validation.resolution").ifPresent(v::resolution);
    integer(m, "every_n_steps", "training.validation.every_n_steps").ifPresent(v::everyNSteps);
    if (m.has("sigmas")) {
      List<Double> sigmas = new ArrayList<>();
      for (ConfigNode n : list(m, "sigmas", "training.validation.sigmas")) {
        if (n instanceof ConfigNode.ScalarNode
            && ((ConfigNode.ScalarNode) n).number().isPresent()) {
          sigmas.add(((ConfigNode.ScalarNode) n).number().get());
        } else {
          error(
              ConfigRules.PROJECT_INVALID_VALUE,
              "training.validation.sigmas",
              n.location().orElse(null),
              "a validation sigma is not a number",
              "list sigmas such as [1.0, 0.75, 0.5, 0.25]");
        }
      }
      v.sigmas(sigmas);
    }
    return v.build();
  }

  private SamplingSettings sampling(ConfigNode.MapNode m) {
    unknown(m, "sampling", SAMPLING);
    var s = SamplingSettings.builder();
    if (m.has("prompts")) {
      List<SamplePrompt> prompts = new ArrayList<>();
      List<ConfigNode> items = list(m, "prompts", "sampling.prompts");
      for (int i = 0; i < items.size(); i++) {
        String path = "sampling.prompts[" + i + "]";
        ConfigNode n = items.get(i);
        if (n instanceof ConfigNode.ScalarNode && ((ConfigNode.ScalarNode) n).isString()) {
          prompts.add(SamplePrompt.of(((ConfigNode.ScalarNode) n).text()));
        } else if (n instanceof ConfigNode.MapNode) {
          ConfigNode.MapNode pm = (ConfigNode.MapNode) n;
          unknown(pm, path, PROMPT);
          Optional<String> prompt = required(pm, "prompt", path + ".prompt");
          List<String> images = strings(pm, "control_images", path + ".control_images");
          prompt.ifPresent(p -> prompts.add(SamplePrompt.of(p, images)));
        } else {
          error(
              ConfigRules.PROJECT_INVALID_VALUE,
              path,
              n.location().orElse(null),
              path + " is neither text nor a mapping",
              "write prompt: and control_images:");
        }
      }
      s.prompts(prompts);
    }
    integer(m, "every", "sampling.every").ifPresent(s::sampleEvery);
    integer(m, "width", "sampling.width").ifPresent(s::width);
    integer(m, "height", "sampling.height").ifPresent(s::height);
    number(m, "guidance_scale", "sampling.guidance_scale").ifPresent(s::guidanceScale);
    integer(m, "sample_steps", "sampling.sample_steps").ifPresent(s::sampleSteps);
    longValue(m, "seed", "sampling.seed").ifPresent(s::seed);
    string(m, "negative_prompt", "sampling.negative_prompt").ifPresent(s::negativePrompt);
    return s.build();
  }

  private EvaluationSettings evaluation(ConfigNode.MapNode m) {
    unknown(m, "evaluation", EVALUATION);
    var e = EvaluationSettings.builder();
    if (m.has("prompts")) {
      e.prompts(strings(m, "prompts", "evaluation.prompts"));
    }
    if (m.has("strengths")) {
      List<Double> strengths = new ArrayList<>();
      for (ConfigNode n : list(m, "strengths", "evaluation.strengths")) {
        Optional<Double> d =
            n instanceof ConfigNode.ScalarNode
                ? ((ConfigNode.ScalarNode) n).number()
                : Optional.empty();
        if (d.isPresent()) {
          strengths.add(d.get());
        } else {
          error(
              ConfigRules.PROJECT_INVALID_VALUE,
              "evaluation.strengths",
              n.location().orElse(null),
              "a strength is not a number",
              "list strengths such as [0.6, 0.8, 1.0]");
        }
      }
      e.strengths(strengths);
    }
    integer(m, "seeds_per_prompt", "evaluation.seeds_per_prompt").ifPresent(e::seedsPerPrompt);
    return e.build();
  }

  private HardwareTarget hardware(ConfigNode.MapNode m) {
    unknown(m, "hardware", HARDWARE);
    var h = HardwareTarget.builder();
    string(m, "gpu_type", "hardware.gpu_type").ifPresent(h::gpuType);
    integer(m, "memory_gb", "hardware.memory_gb").ifPresent(h::memoryGb);
    number(m, "price_per_hour", "hardware.price_per_hour").ifPresent(h::pricePerHour);
    return h.build();
  }

  // ---------------------------------------------------------------- typed access

  private Optional<ConfigNode.MapNode> section(ConfigNode.MapNode m, String key, String path) {
    Optional<ConfigNode> n = m.get(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (n.get() instanceof ConfigNode.MapNode map) {
      return Optional.of(map);
    }
    error(
        ConfigRules.PROJECT_INVALID_VALUE,
        path,
        valueLoc(m, key),
        path + " is not a mapping",
        "write " + key + ": as a mapping");
    return Optional.empty();
  }

  private List<ConfigNode> list(ConfigNode.MapNode m, String key, String path) {
    Optional<ConfigNode> n = m.get(key);
    if (n.isEmpty()
        || n.get() instanceof ConfigNode.ScalarNode
            && ((ConfigNode.ScalarNode) n.get()).value() == null) {
      return List.of();
    }
    if (n.get() instanceof ConfigNode.ListNode listNode) {
      return listNode.items();
    }
    error(
        ConfigRules.PROJECT_INVALID_VALUE,
        path,
        valueLoc(m, key),
        path + " is not a list",
        "write " + key + ": as a list [a, b]");
    return List.of();
  }

  private List<String> strings(ConfigNode.MapNode m, String key, String path) {
    List<String> out = new ArrayList<>();
    for (ConfigNode n : list(m, key, path)) {
      if (n instanceof ConfigNode.ScalarNode && ((ConfigNode.ScalarNode) n).isString()) {
        out.add(((ConfigNode.ScalarNode) n).text());
      } else {
        error(
            ConfigRules.PROJECT_INVALID_VALUE,
            path,
            n.location().orElse(null),
            path + " holds a value that is not text",
            "quote the value");
      }
    }
    return out;
  }

  private Optional<String> required(ConfigNode.MapNode m, String key, String path) {
    if (!m.has(key)) {
      missing(m, path, key + ": ...");
      return Optional.empty();
    }
    return string(m, key, path);
  }

  private Optional<String> string(ConfigNode.MapNode m, String key, String path) {
    return typed(m, key, path, ConfigNode.ScalarNode::string, "text (quote it)");
  }

  private Optional<Boolean> bool(ConfigNode.MapNode m, String key, String path) {
    return typed(m, key, path, ConfigNode.ScalarNode::bool, "true or false");
  }

  private Optional<Double> number(ConfigNode.MapNode m, String key, String path) {
    return typed(m, key, path, ConfigNode.ScalarNode::number, "a number");
  }

  private Optional<Long> longValue(ConfigNode.MapNode m, String key, String path) {
    return typed(m, key, path, ConfigNode.ScalarNode::integer, "a whole number");
  }

  private Optional<Integer> integer(ConfigNode.MapNode m, String key, String path) {
    return typed(
        m,
        key,
        path,
        s ->
            s.integer()
                .filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                .map(Long::intValue),
        "a whole number");
  }

  private Optional<Integer> intValue(ConfigNode n, String path) {
    Optional<Integer> v =
        n instanceof ConfigNode.ScalarNode
            ? ((ConfigNode.ScalarNode) n)
                .integer()
                .filter(x -> Math.abs(x) <= Integer.MAX_VALUE)
                .map(Long::intValue)
            : Optional.empty();
    if (v.isEmpty()) {
      error(
          ConfigRules.PROJECT_INVALID_VALUE,
          path,
          n.location().orElse(null),
          path + " holds a value that is not a whole number",
          "write whole numbers such as 1024");
    }
    return v;
  }

  private <T> Optional<T> typed(
      ConfigNode.MapNode m,
      String key,
      String path,
      Function<ConfigNode.ScalarNode, Optional<T>> read,
      String expected) {
    Optional<ConfigNode> n = m.get(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> v =
        n.get() instanceof ConfigNode.ScalarNode
            ? read.apply((ConfigNode.ScalarNode) n.get())
            : Optional.empty();
    if (v.isEmpty()) {
      error(
          ConfigRules.PROJECT_INVALID_VALUE,
          path,
          valueLoc(m, key),
          fmt("%s is not %s", path, expected),
          "write " + key + " as " + expected);
    }
    return v;
  }

  private <T> Optional<T> enumOf(
      ConfigNode.MapNode m,
      String key,
      String path,
      Function<String, Optional<T>> parse,
      String allowed) {
    Optional<String> s = string(m, key, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> v = parse.apply(s.get());
    if (v.isEmpty()) {
      invalid(m, key, path, s.get(), allowed);
    }
    return v;
  }

  private void invalid(
      ConfigNode.MapNode m, String key, String path, String value, String allowed) {
    error(
        ConfigRules.PROJECT_INVALID_VALUE,
        path,
        valueLoc(m, key),
        fmt("%s '%s' is not one of %s", path, value, allowed),
        EditDistance.closest(value, Arrays.asList(allowed.split(",\\s*")))
            .map(c -> "did you mean " + c + "?")
            .orElse("use one of " + allowed));
  }

  private void unknown(ConfigNode.MapNode m, String path, Set<String> known) {
    for (ConfigNode.Entry e : m.entries().values()) {
      if (!known.contains(e.key)) {
        String kp = path.isEmpty() ? e.key : path + "." + e.key;
        error(
            ConfigRules.PROJECT_UNKNOWN_KEY,
            kp,
            e.keyLocation().orElse(null),
            fmt("'%s' is not a key of %s", e.key, path.isEmpty() ? "lorakit.yaml" : path),
            EditDistance.closest(e.key, known)
                .map(c -> "did you mean '" + c + "'?")
                .orElse("remove it; keys are listed in docs/project-file.md"));
      }
    }
  }

  private void missing(ConfigNode.MapNode m, String path, String example) {
    error(
        ConfigRules.PROJECT_MISSING_KEY,
        path,
        m.location().orElse(SourceLocation.of(1, 1)),
        "required key " + path + " is missing",
        "add " + example);
  }

  private void error(
      RuleDescriptor rule, String path, SourceLocation at, String message, String hint) {
    errors.add(ConfigRules.violation(rule, path, at, message, hint));
  }

  private static SourceLocation valueLoc(ConfigNode.MapNode m, String key) {
    return m.get(key)
        .flatMap(ConfigNode::location)
        .or(() -> m.entry(key).flatMap(ConfigNode.Entry::keyLocation))
        .orElse(null);
  }

  private static Set<String> keys(String... keys) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
  }
}
