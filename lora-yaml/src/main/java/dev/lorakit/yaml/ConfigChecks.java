package dev.lorakit.yaml;

import static dev.lorakit.yaml.ConfigRules.fmt;
import static dev.lorakit.yaml.ConfigRules.violation;

import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.internal.EditDistance;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.training.LrSchedulers;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.QuantizationType;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code config.*} checks of one parsed ai-toolkit config tree. */
final class ConfigChecks {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\n]*)\\}?");

  private final List<Violation> out = new ArrayList<>();
  private final TrainerVersion trainer;

  private ConfigChecks(TrainerVersion trainer) {
    this.trainer = trainer;
  }

  static List<Violation> check(ConfigNode rootNode, String text) {
    return check(rootNode, text, TrainerVersion.PINNED);
  }

  /** The checks for a config that will run on the given ai-toolkit build. */
  static List<Violation> check(ConfigNode rootNode, String text, TrainerVersion trainer) {
    ConfigChecks c = new ConfigChecks(trainer);
    c.placeholders(text);
    if (!(rootNode instanceof ConfigNode.MapNode)) {
      c.out.add(
          violation(
              ConfigRules.WRONG_TYPE,
              "",
              rootNode.location().orElse(SourceLocation.of(1, 1)),
              "the document is not a mapping with job, config and meta",
              "start the file with job: extension and a config: mapping"));
      return c.out;
    }
    c.root((ConfigNode.MapNode) rootNode);
    return c.out;
  }

  // ---------------------------------------------------------------- structure

  private void root(ConfigNode.MapNode root) {
    unknownKeys(root, "", AiToolkitKeys.TOP, Map.of());
    Optional<String> job = root.scalarAt("job").map(ConfigNode.ScalarNode::text);
    if (!root.has("job")) {
      missing(root, "job", "job: extension");
    } else if (!AiToolkitKeys.JOBS.contains(job.orElse(""))) {
      add(
          ConfigRules.UNKNOWN_JOB,
          "job",
          valueLoc(root, "job"),
          fmt("job '%s' is not one of %s", job.orElse(""), AiToolkitKeys.JOBS),
          "set job: extension");
    } else if (!job.get().equals("extension")) {
      add(
          ConfigRules.UNKNOWN_JOB,
          Severity.WARNING,
          "job",
          valueLoc(root, "job"),
          fmt(
              "job '%s' has no LoRA trainer for Qwen; LoRA training uses job: extension",
              job.get()),
          "set job: extension",
          job.get());
    }
    boolean extension = job.map("extension"::equals).orElse(true);
    if (!root.has("config")) {
      missing(root, "config", "a config: mapping with name and process");
      return;
    }
    Optional<ConfigNode.MapNode> config = mapOrReport(root, "config", "config");
    if (config.isEmpty()) {
      return;
    }
    ConfigNode.MapNode c = config.get();
    unknownKeys(c, "config", AiToolkitKeys.CONFIG, Map.of());
    if (!c.has("name")) {
      missing(c, "config.name", "name: \"my_char_lora\"");
    }
    if (!c.has("process")) {
      missing(c, "config.process", "a process list with one diffusion_trainer");
      return;
    }
    Optional<ConfigNode> procNode = c.get("process");
    if (!(procNode.get() instanceof ConfigNode.ListNode)
        || ((ConfigNode.ListNode) procNode.get()).items().isEmpty()) {
      add(
          ConfigRules.WRONG_TYPE,
          "config.process",
          valueLoc(c, "process"),
          "config.process is not a non-empty list",
          "write process as a list: - type: diffusion_trainer");
      return;
    }
    List<ConfigNode> items = ((ConfigNode.ListNode) procNode.get()).items();
    for (int i = 0; i < items.size(); i++) {
      String path = "config.process[" + i + "]";
      if (!(items.get(i) instanceof ConfigNode.MapNode)) {
        add(
            ConfigRules.WRONG_TYPE,
            path,
            loc(items.get(i)),
            path + " is not a mapping",
            "write the process as type: diffusion_trainer with its sections");
        continue;
      }
      process((ConfigNode.MapNode) items.get(i), path, extension);
    }
  }

  private void process(ConfigNode.MapNode p, String path, boolean extension) {
    Optional<String> type = p.scalarAt("type").map(ConfigNode.ScalarNode::text);
    if (type.isEmpty()) {
      missing(p, path + ".type", "type: diffusion_trainer");
    } else if (type.get().equals("ui_trainer")) {
      add(
          ConfigRules.UNKNOWN_PROCESS_TYPE,
          Severity.WARNING,
          path + ".type",
          valueLoc(p, "type"),
          "process type ui_trainer is legacy and raises without the UI database and AITK_JOB_ID",
          "use type: diffusion_trainer",
          type.get());
    } else if (AiToolkitKeys.OTHER_PROCESS_TYPES.contains(type.get())) {
      return; // a real trainer, but not a LoRA trainer: its keys are not in the reference
    } else if (!AiToolkitKeys.LORA_PROCESS_TYPES.contains(type.get())) {
      add(
          ConfigRules.UNKNOWN_PROCESS_TYPE,
          path + ".type",
          valueLoc(p, "type"),
          fmt(
              "process type '%s' is unknown; the trainer raises 'Unknown process type'",
              type.get()),
          didYouMean(type.get(), AiToolkitKeys.LORA_PROCESS_TYPES, "use type: diffusion_trainer"));
    }
    p.entry("device")
        .ifPresent(
            e ->
                add(
                    ConfigRules.UNKNOWN_KEY,
                    Severity.INFO,
                    path + ".device",
                    e.keyLocation().orElse(null),
                    "process device is not read by the LoRA trainers; the GPU comes from"
                        + " CUDA_VISIBLE_DEVICES (the UI's gpu_ids) or config.device",
                    "remove it, or move it to config.device",
                    null));
    ConfigNode.MapNode withoutDevice = p;
    if (p.has("device")) {
      withoutDevice = p.copy();
      withoutDevice.remove("device");
    }
    unknownKeys(withoutDevice, path, AiToolkitKeys.PROCESS, AiToolkitKeys.INVENTED.get("process"));
    if (extension && !p.has("training_folder")) {
      add(
          ConfigRules.MISSING_TRAINING_FOLDER,
          path + ".training_folder",
          p.location().orElse(null),
          "process has no training_folder; the trainer raises a TypeError when it saves",
          "add training_folder: \"output\" to the process");
    }
    String arch = model(p, path);
    boolean edit = AiToolkitKeys.EDIT_ARCHS.contains(arch);
    boolean samplingDisabled = false;
    Optional<ConfigNode.MapNode> train = section(p, path, "train");
    if (train.isPresent()) {
      samplingDisabled = ConfigImporter.bool(train.get(), "disable_sampling").orElse(false);
      train(train.get(), path + ".train", edit, arch);
    }
    Optional<ConfigNode.MapNode> network = section(p, path, "network");
    network.ifPresent(n -> network(n, path + ".network", arch));
    startup(p, path, arch, network.isPresent());
    trainerVersion(p, path);
    section(p, path, "save").ifPresent(s -> save(s, path + ".save"));
    section(p, path, "logging")
        .ifPresent(l -> unknownKeys(l, path + ".logging", AiToolkitKeys.LOGGING, Map.of()));
    datasets(p, path, edit, arch);
    for (String s : new String[] {"sample", "first_sample"}) {
      boolean disabled = samplingDisabled;
      section(p, path, s).ifPresent(m -> sample(m, path + "." + s, edit, arch, disabled));
    }
  }

  private Optional<ConfigNode.MapNode> section(ConfigNode.MapNode p, String path, String key) {
    if (!p.has(key)) {
      return Optional.empty();
    }
    return mapOrReport(p, key, path + "." + key);
  }

  // ---------------------------------------------------------------- model

  /** Checks the model section; returns the effective arch ("" when unknown). */
  private String model(ConfigNode.MapNode p, String path) {
    if (!p.has("model")) {
      missing(p, path + ".model", "a model: section with name_or_path and arch");
      return "";
    }
    Optional<ConfigNode.MapNode> maybe = mapOrReport(p, "model", path + ".model");
    if (maybe.isEmpty()) {
      return "";
    }
    ConfigNode.MapNode m = maybe.get();
    String mp = path + ".model";
    String nameOrPath = ConfigImporter.str(m, "name_or_path").orElse("");
    Optional<BaseModel> repo =
        nameOrPath.isBlank() ? Optional.empty() : BaseModel.fromId(nameOrPath);
    String suggestedArch = repo.map(BaseModel::arch).orElse("qwen_image_edit_plus");
    unknownKeys(m, mp, AiToolkitKeys.MODEL, AiToolkitKeys.INVENTED.get("model"), suggestedArch);
    if (!m.has("name_or_path")) {
      missing(m, mp + ".name_or_path", "name_or_path: \"Qwen/Qwen-Image-Edit-2509\"");
    }
    String arch = "";
    if (m.has("arch")) {
      arch = ConfigImporter.bareArch(ConfigImporter.str(m, "arch").orElse("").strip());
      if (!AiToolkitKeys.ARCHS.contains(arch)) {
        add(
            ConfigRules.UNKNOWN_ARCH,
            mp + ".arch",
            valueLoc(m, "arch"),
            fmt("arch '%s' is unknown; the trainer silently falls back to the SD1 loader", arch),
            didYouMean(arch, AiToolkitKeys.ARCHS, "set arch: " + suggestedArch));
      }
      if (arch.equals("flex1")) {
        arch = "flux";
      }
    } else {
      Optional<String> legacy =
          AiToolkitKeys.LEGACY_ARCH_FLAGS.stream()
              .filter(f -> ConfigImporter.bool(m, f).orElse(false))
              .findFirst();
      if (legacy.isPresent()) {
        arch = legacy.get().equals("is_flux") ? "flux" : legacy.get();
      } else {
        add(
            ConfigRules.MISSING_ARCH,
            mp + ".arch",
            keyLoc(p, "model"),
            "model has no arch, so the trainer loads it as SD1 and fails",
            "add arch: " + suggestedArch + " to the model section");
        // checks below assume the arch the repository implies, which is what the author meant
        arch = repo.map(BaseModel::arch).orElse("");
      }
    }
    m.entry("qtype").ifPresent(e -> qtype(e, mp + ".qtype"));
    m.entry("qtype_te").ifPresent(e -> qtype(e, mp + ".qtype_te"));
    return arch;
  }

  private void qtype(ConfigNode.Entry e, String path) {
    Optional<String> value = scalarString(e);
    if (value.isEmpty()) {
      wrongType(e, path, "a quantization type such as \"qfloat8\"");
      return;
    }
    // An unknown qtype and a malformed adapter after '|' are the project rules
    // quantization.unknown-qtype and quantization.adapter-path-malformed, which the linter reports
    // at this line (the imported project carries both).
  }

  // ---------------------------------------------------------------- train

  private void train(ConfigNode.MapNode t, String path, boolean edit, String arch) {
    unknownKeys(t, path, AiToolkitKeys.TRAIN, AiToolkitKeys.INVENTED.get("train"));
    enumValue(t, path, "optimizer", AiToolkitKeys.OPTIMIZERS, "adamw8bit");
    optimizer(t, path);
    enumValue(t, path, "noise_scheduler", AiToolkitKeys.NOISE_SCHEDULERS, "flowmatch");
    enumValue(t, path, "timestep_type", AiToolkitKeys.TIMESTEP_TYPES, "weighted");
    lrScheduler(t, path);
    enumValue(t, path, "dtype", AiToolkitKeys.DTYPES, "bf16");
    for (String k :
        new String[] {
          "steps", "batch_size", "gradient_accumulation", "gradient_accumulation_steps"
        }) {
      integer(t, path, k);
    }
    number(t, path, "lr");
    // Both accumulation keys, and the legacy one alone, are the project rules
    // accumulation.both-modes and accumulation.legacy-mode, reported at this key's line.
    if (edit && ConfigImporter.bool(t, "unload_text_encoder").orElse(false)) {
      add(
          ConfigRules.UNLOAD_TE_EDIT,
          path + ".unload_text_encoder",
          keyLoc(t, "unload_text_encoder"),
          fmt(
              "unload_text_encoder is true with arch %s, which encodes control images into the"
                  + " text embeddings",
              arch),
          "set unload_text_encoder: false and cache_text_embeddings: true");
    }
    if (t.has("ema_config")) {
      mapOrReport(t, "ema_config", path + ".ema_config")
          .ifPresent(e -> unknownKeys(e, path + ".ema_config", AiToolkitKeys.EMA, Map.of()));
    }
    if (t.has("validation_config")) {
      mapOrReport(t, "validation_config", path + ".validation_config")
          .ifPresent(
              e -> unknownKeys(e, path + ".validation_config", AiToolkitKeys.VALIDATION, Map.of()));
    }
  }

  private void network(ConfigNode.MapNode n, String path, String arch) {
    unknownKeys(n, path, AiToolkitKeys.NETWORK, Map.of());
    enumValue(n, path, "type", AiToolkitKeys.NETWORK_TYPES, "lora");
    integer(n, path, "linear");
    integer(n, path, "rank");
    number(n, path, "linear_alpha");
    if (n.has("network_kwargs")) {
      mapOrReport(n, "network_kwargs", path + ".network_kwargs")
          .ifPresent(k -> networkKwargs(k, path + ".network_kwargs", arch));
    }
    boolean lokr =
        ConfigImporter.str(n, "type").map(t -> t.strip().equalsIgnoreCase("lokr")).orElse(false);
    if (lokr && !n.has("lokr_full_rank") && trainer.lokrFullRankByDefault()) {
      add(
          ConfigRules.LOKR_FULL_RANK,
          path + ".lokr_full_rank",
          valueLoc(n, "type"),
          fmt(
              "LoKr without lokr_full_rank trains full rank: linear %s is replaced by 9999999999",
              ConfigImporter.str(n, "linear").orElse("(unset)")),
          "add lokr_full_rank: false to train at network.linear");
    }
  }

  private void networkKwargs(ConfigNode.MapNode k, String path, String arch) {
    for (ConfigNode.Entry e : k.entries().values()) {
      String kp = path + "." + e.key;
      if (AiToolkitKeys.NETWORK_KWARGS.contains(e.key)) {
        continue;
      }
      if (AiToolkitKeys.NETWORK_KWARGS_PASSED.contains(e.key)) {
        add(
            ConfigRules.RAISES_AT_START,
            kp,
            e.keyLocation().orElse(null),
            fmt(
                "network_kwargs.%s is passed by the trainer itself, so LoRASpecialNetwork raises"
                    + " 'got multiple values for keyword argument'",
                e.key),
            "remove it from network_kwargs; set the network section's own key instead");
      } else if (e.key.equals("target_lin_modules")) {
        add(
            ConfigRules.UNKNOWN_KEY,
            kp,
            e.keyLocation().orElse(null),
            fmt(
                "target_lin_modules is overwritten by the model's own module list for arch %s"
                    + " and does nothing",
                arch.isEmpty() ? "qwen_image" : arch),
            "remove it; use only_if_contains or ignore_if_contains to pick modules");
      } else {
        add(
            ConfigRules.UNKNOWN_KEY,
            kp,
            e.keyLocation().orElse(null),
            fmt("'%s' is not a LoRASpecialNetwork option; its **kwargs swallow it silently", e.key),
            didYouMean(e.key, AiToolkitKeys.NETWORK_KWARGS, "remove it"));
      }
    }
  }

  // ---------------------------------------------------------------- optimizer, scheduler

  private void optimizer(ConfigNode.MapNode t, String path) {
    t.entry("optimizer")
        .flatMap(e -> scalarString(e).map(v -> Map.entry(e, v)))
        .ifPresent(
            ev ->
                Optimizer.parse(ev.getValue())
                    .flatMap(o -> o.stockImageFailure().map(why -> Map.entry(o, why)))
                    .ifPresent(
                        ow ->
                            add(
                                ConfigRules.OPTIMIZER_UNAVAILABLE,
                                path + ".optimizer",
                                loc(ev.getKey().value),
                                fmt(
                                    "optimizer %s never constructs on the pinned image: %s",
                                    ow.getKey().key(), ow.getValue()),
                                "use adamw8bit (or prodigy for an adaptive step size)")));
    t.entry("optimizer_params")
        .filter(e -> !(e.value instanceof ConfigNode.MapNode))
        .filter(e -> scalar(e).map(sc -> sc.value() != null).orElse(true))
        .ifPresent(
            e ->
                wrongType(
                    e, path + ".optimizer_params", "a mapping such as {weight_decay: 0.0001}"));
  }

  private void lrScheduler(ConfigNode.MapNode t, String path) {
    Optional<ConfigNode.Entry> entry = t.entry("lr_scheduler");
    String name = "constant";
    if (entry.isPresent()) {
      Optional<String> v = scalarString(entry.get());
      if (v.isEmpty()) {
        if (scalar(entry.get()).map(sc -> sc.value() != null).orElse(true)) {
          wrongType(entry.get(), path + ".lr_scheduler", "one of " + LrSchedulers.names());
        }
        return;
      }
      name = v.get().strip();
      Optional<String> why = LrSchedulers.failure(name);
      if (why.isPresent()) {
        String lower = name.toLowerCase(Locale.ROOT);
        add(
            ConfigRules.LR_SCHEDULER_UNAVAILABLE,
            path + ".lr_scheduler",
            loc(entry.get().value),
            fmt("lr_scheduler '%s' never constructs on the pinned image: %s", name, why.get()),
            LrSchedulers.CONSTRUCTING.contains(lower)
                ? "write it in lower case: " + lower
                : EditDistance.closest(lower, LrSchedulers.CONSTRUCTING)
                        .map(c -> "did you mean '" + c + "'? ")
                        .orElse("")
                    + "use constant, cosine, cosine_with_restarts, linear or"
                    + " constant_with_warmup");
        return;
      }
    }
    Optional<ConfigNode.Entry> params = t.entry("lr_scheduler_params");
    Map<String, ConfigNode.Entry> given = new java.util.LinkedHashMap<>();
    if (params.isPresent()) {
      if (!(params.get().value instanceof ConfigNode.MapNode)) {
        if (scalar(params.get()).map(sc -> sc.value() != null).orElse(true)) {
          add(
              ConfigRules.LR_SCHEDULER_PARAMS,
              path + ".lr_scheduler_params",
              loc(params.get().value),
              "lr_scheduler_params is not a mapping",
              "write it as a mapping such as {num_warmup_steps: 100}");
        }
        return;
      }
      given.putAll(((ConfigNode.MapNode) params.get().value).entries());
    }
    Set<String> allowed = LrSchedulers.PARAMS.get(name);
    for (ConfigNode.Entry e : given.values()) {
      if (!allowed.contains(e.key)) {
        add(
            ConfigRules.LR_SCHEDULER_PARAMS,
            path + ".lr_scheduler_params." + e.key,
            e.keyLocation().orElse(null),
            fmt(
                "lr_scheduler_params.%s is not a parameter of %s, which raises a TypeError at"
                    + " start-up",
                e.key, name),
            "keep only " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
    if (name.equals("linear")
        && !given.containsKey("start_factor")
        && !given.containsKey("end_factor")) {
      add(
          ConfigRules.LR_SCHEDULER_IMPLICIT,
          path + ".lr_scheduler",
          valueLoc(t, "lr_scheduler"),
          "lr_scheduler linear without start_factor/end_factor rises from lr/3 to lr over the run"
              + " (torch LinearLR defaults)",
          "add lr_scheduler_params: {start_factor: 1.0, end_factor: 0.0} for a linear decay");
    }
    if (name.equals("constant_with_warmup") && !given.containsKey("num_warmup_steps")) {
      long steps = ConfigImporter.intOf(t, "steps", 0);
      add(
          ConfigRules.LR_SCHEDULER_IMPLICIT,
          path + ".lr_scheduler",
          valueLoc(t, "lr_scheduler"),
          steps > 0 && steps <= 1000
              ? fmt(
                  "constant_with_warmup without num_warmup_steps warms up over 1000 steps, so a"
                      + " %d-step run never reaches lr",
                  steps)
              : "constant_with_warmup without num_warmup_steps warms up over 1000 steps",
          "add lr_scheduler_params: {num_warmup_steps: N}");
    }
  }

  // ---------------------------------------------------------------- start-up raises

  /** What ai-toolkit refuses while it parses the config or builds the trainer (audit row 11). */
  private void startup(ConfigNode.MapNode p, String path, String arch, boolean hasNetwork) {
    boolean flux = arch.equals("flux");
    Optional<ConfigNode.MapNode> model = p.mapAt("model");
    Optional<ConfigNode.MapNode> train = p.mapAt("train");
    if (!flux) {
      for (String key : new String[] {"attn_masking", "split_model_over_gpus"}) {
        model
            .filter(m -> ConfigImporter.bool(m, key).orElse(false))
            .ifPresent(
                m ->
                    add(
                        ConfigRules.RAISES_AT_START,
                        path + ".model." + key,
                        keyLoc(m, key),
                        fmt(
                            "model.%s is true but arch %s is not flux; ModelConfig raises '%s is"
                                + " only supported with flux models currently'",
                            key, arch.isEmpty() ? "(unset)" : arch, key),
                        "remove " + key));
      }
      if (p.has("decorator")) {
        add(
            ConfigRules.RAISES_AT_START,
            path + ".decorator",
            keyLoc(p, "decorator"),
            fmt(
                "a decorator section with arch %s; the trainer raises 'Decorators are only"
                    + " supported for Flux models currently'",
                arch.isEmpty() ? "(unset)" : arch),
            "remove the decorator section");
      }
    }
    train
        .filter(
            t ->
                ConfigImporter.bool(t, "bypass_guidance_embedding").orElse(false)
                    && ConfigImporter.bool(t, "do_guidance_loss").orElse(false))
        .ifPresent(
            t ->
                add(
                    ConfigRules.RAISES_AT_START,
                    path + ".train.bypass_guidance_embedding",
                    keyLoc(t, "bypass_guidance_embedding"),
                    "bypass_guidance_embedding and do_guidance_loss are both true; validate_configs"
                        + " raises",
                    "set one of them to false"));
    model.ifPresent(
        m -> {
          boolean ara =
              m.has("accuracy_recovery_adapter")
                  || ConfigImporter.str(m, "qtype").map(q -> q.contains("|")).orElse(false);
          if (ara && ConfigImporter.str(m, "assistant_lora_path").isPresent()) {
            add(
                ConfigRules.RAISES_AT_START,
                path + ".model.assistant_lora_path",
                keyLoc(m, "assistant_lora_path"),
                "an accuracy-recovery adapter and an assistant_lora_path together; validate_configs"
                    + " raises",
                "drop the assistant LoRA or the adapter");
          }
        });
    List<ConfigNode.MapNode> datasets = ConfigImporter.maps(p.listAt("datasets"));
    long caching =
        datasets.stream()
            .filter(d -> ConfigImporter.bool(d, "cache_text_embeddings").orElse(false))
            .count();
    if (caching > 0 && caching < datasets.size()) {
      add(
          ConfigRules.RAISES_AT_START,
          path + ".datasets",
          valueLoc(p, "datasets"),
          fmt(
              "%d of %d datasets set cache_text_embeddings; validate_configs raises 'All datasets"
                  + " must have cache_text_embeddings set to True'",
              caching, datasets.size()),
          "set cache_text_embeddings on every dataset, or on none");
    }
    for (int i = 0; i < datasets.size(); i++) {
      ConfigNode.MapNode d = datasets.get(i);
      if (d.get("poi")
          .map(
              n ->
                  !(n instanceof ConfigNode.ScalarNode)
                      || ((ConfigNode.ScalarNode) n).value() != null)
          .orElse(false)) {
        add(
            ConfigRules.RAISES_AT_START,
            path + ".datasets[" + i + "].poi",
            keyLoc(d, "poi"),
            "dataset sets poi; DatasetConfig raises 'poi is deprecated and is no longer supported'",
            "remove poi");
      }
    }
    train.ifPresent(
        t -> {
          boolean dop = ConfigImporter.bool(t, "diff_output_preservation").orElse(false);
          boolean bpp = ConfigImporter.bool(t, "blank_prompt_preservation").orElse(false);
          String tp = path + ".train.";
          if (dop && bpp) {
            add(
                ConfigRules.RAISES_AT_START,
                tp + "diff_output_preservation",
                keyLoc(t, "diff_output_preservation"),
                "diff_output_preservation and blank_prompt_preservation are both true;"
                    + " validate_configs raises",
                "keep one of them");
          }
          if (dop) {
            boolean trigger =
                ConfigImporter.str(p, "trigger_word").filter(w -> !w.isBlank()).isPresent()
                    || datasets.stream().anyMatch(d -> d.has("trigger_word"));
            if (!trigger) {
              add(
                  ConfigRules.RAISES_AT_START,
                  tp + "diff_output_preservation",
                  keyLoc(t, "diff_output_preservation"),
                  "diff_output_preservation without a trigger_word; SDTrainer raises",
                  "set trigger_word on the process");
            }
            if (ConfigImporter.bool(t, "train_text_encoder").orElse(false)) {
              add(
                  ConfigRules.RAISES_AT_START,
                  tp + "train_text_encoder",
                  keyLoc(t, "train_text_encoder"),
                  "diff_output_preservation with train_text_encoder; SDTrainer raises",
                  "set train_text_encoder: false");
            }
          }
          if ((dop || bpp) && !hasNetwork) {
            add(
                ConfigRules.RAISES_AT_START,
                tp + (dop ? "diff_output_preservation" : "blank_prompt_preservation"),
                keyLoc(t, dop ? "diff_output_preservation" : "blank_prompt_preservation"),
                fmt(
                    "%s without a network section; SDTrainer raises",
                    dop ? "diff_output_preservation" : "blank_prompt_preservation"),
                "add the network section of the LoRA");
          }
        });
  }

  // ---------------------------------------------------------------- trainer version

  /** What the targeted ai-toolkit build does not have yet (issue 12 item 2). */
  private void trainerVersion(ConfigNode.MapNode p, String path) {
    Optional<ConfigNode.MapNode> model = p.mapAt("model");
    if (model.isEmpty()) {
      return;
    }
    ConfigNode.MapNode m = model.get();
    for (String key : new String[] {"qtype", "qtype_te"}) {
      ConfigImporter.str(m, key)
          .map(q -> (q.indexOf('|') < 0 ? q : q.substring(0, q.indexOf('|'))).strip())
          .filter(q -> q.equalsIgnoreCase(QuantizationType.INT8_SINCE_2026_03))
          .filter(q -> !trainer.hasInt8())
          .ifPresent(
              q ->
                  add(
                      ConfigRules.NEEDS_NEWER_TRAINER,
                      path + ".model." + key,
                      valueLoc(m, key),
                      fmt(
                          "%s int8 exists only from 2026-03-30; ai-toolkit %s raises a KeyError",
                          key, trainer),
                      "use qfloat8 or qint8, or target a build from 2026-03-30"));
    }
    String arch = ConfigImporter.str(m, "arch").orElse("").strip();
    String repo = ConfigImporter.str(m, "name_or_path").orElse("");
    BaseModel.fromConfig(arch, repo)
        .filter(b -> !b.supportedBy(trainer))
        .ifPresent(
            b ->
                add(
                    ConfigRules.NEEDS_NEWER_TRAINER,
                    path + ".model.name_or_path",
                    valueLoc(m, "name_or_path"),
                    fmt(
                        "%s arrived in ai-toolkit on %s; %s does not know it",
                        b.displayName(), b.aiToolkitSince().orElseThrow(), trainer),
                    "target a newer build, or train an older base model"));
  }

  private void save(ConfigNode.MapNode s, String path) {
    unknownKeys(s, path, AiToolkitKeys.SAVE, AiToolkitKeys.INVENTED.get("save"));
    enumValue(s, path, "dtype", AiToolkitKeys.DTYPES, "float16");
    enumValue(s, path, "save_format", AiToolkitKeys.SAVE_FORMATS, "safetensors");
    integer(s, path, "save_every");
    integer(s, path, "max_step_saves_to_keep");
  }

  // ---------------------------------------------------------------- datasets

  private void datasets(ConfigNode.MapNode p, String path, boolean edit, String arch) {
    if (!p.has("datasets")) {
      return;
    }
    Optional<ConfigNode> node = p.get("datasets");
    if (!(node.get() instanceof ConfigNode.ListNode)) {
      add(
          ConfigRules.WRONG_TYPE,
          path + ".datasets",
          valueLoc(p, "datasets"),
          "datasets is not a list",
          "write datasets as a list: - folder_path: ...");
      return;
    }
    List<ConfigNode> items = ((ConfigNode.ListNode) node.get()).items();
    for (int i = 0; i < items.size(); i++) {
      String dp = path + ".datasets[" + i + "]";
      if (!(items.get(i) instanceof ConfigNode.MapNode)) {
        add(
            ConfigRules.WRONG_TYPE,
            dp,
            loc(items.get(i)),
            dp + " is not a mapping",
            "write the dataset as folder_path: ... with its keys");
        continue;
      }
      ConfigNode.MapNode d = (ConfigNode.MapNode) items.get(i);
      unknownKeys(d, dp, AiToolkitKeys.DATASET, AiToolkitKeys.INVENTED.get("datasets"));
      enumValue(d, dp, "type", AiToolkitKeys.DATASET_TYPES, "image");
      integer(d, dp, "num_repeats");
      number(d, dp, "caption_dropout_rate");
      resolution(d, dp);
      // A dataset of an edit model without control_path is the project rule
      // control.missing-folders, reported once at the datasets line with every way out.
      ConfigImporter.str(d, "folder_path").ifPresent(f -> kohya(d, dp, f));
    }
  }

  private void resolution(ConfigNode.MapNode d, String dp) {
    Optional<ConfigNode> res = d.get("resolution");
    if (res.isEmpty()) {
      return;
    }
    if (res.get() instanceof ConfigNode.ScalarNode) {
      if (((ConfigNode.ScalarNode) res.get()).integer().isEmpty()) {
        wrongType(d.entry("resolution").get(), dp + ".resolution", "an edge size such as [1024]");
      }
      return;
    }
    if (!(res.get() instanceof ConfigNode.ListNode)) {
      wrongType(d.entry("resolution").get(), dp + ".resolution", "a list of edge sizes: [1024]");
      return;
    }
    // A repeated value is the project rule resolution.duplicates, reported at this line.
    for (ConfigNode n : ((ConfigNode.ListNode) res.get()).items()) {
      if (!(n instanceof ConfigNode.ScalarNode scalar) || scalar.integer().isEmpty()) {
        add(
            ConfigRules.WRONG_TYPE,
            dp + ".resolution",
            loc(n),
            "a resolution entry is not a whole number",
            "list edge sizes such as [512, 768, 1024]");
      }
    }
  }

  private void kohya(ConfigNode.MapNode d, String dp, String folderPath) {
    String p = folderPath.strip();
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    String name = p.substring(p.lastIndexOf('/') + 1);
    Optional<KohyaFolderName> k = KohyaFolderName.parse(name);
    long repeats = ConfigImporter.intOf(d, "num_repeats", 1);
    if (k.isPresent() && k.get().repeats() > 1 && k.get().repeats() != repeats) {
      add(
          ConfigRules.KOHYA_REPEATS,
          dp + ".num_repeats",
          valueLoc(d, "folder_path"),
          fmt(
              "folder %s is named for %d repeats, but ai-toolkit ignores folder names and uses"
                  + " num_repeats %d",
              name, k.get().repeats(), repeats),
          fmt("add num_repeats: %d to this dataset", k.get().repeats()));
    }
  }

  // ---------------------------------------------------------------- sample

  private void sample(
      ConfigNode.MapNode s, String path, boolean edit, String arch, boolean disabled) {
    unknownKeys(s, path, AiToolkitKeys.SAMPLE, AiToolkitKeys.INVENTED.get("sample"));
    integer(s, path, "sample_every");
    integer(s, path, "width");
    integer(s, path, "height");
    integer(s, path, "sample_steps");
    number(s, path, "guidance_scale");
    boolean qwenImage = arch.equals("qwen_image");
    if (s.has("samples")) {
      Optional<ConfigNode> node = s.get("samples");
      if (!(node.get() instanceof ConfigNode.ListNode)) {
        wrongType(s.entry("samples").get(), path + ".samples", "a list of {prompt, ctrl_img_1}");
        return;
      }
      List<ConfigNode> items = ((ConfigNode.ListNode) node.get()).items();
      for (int i = 0; i < items.size(); i++) {
        String ip = path + ".samples[" + i + "]";
        if (!(items.get(i) instanceof ConfigNode.MapNode)) {
          add(
              ConfigRules.WRONG_TYPE,
              ip,
              loc(items.get(i)),
              ip + " is not a mapping",
              "write each sample as prompt: ... with ctrl_img_1");
          continue;
        }
        ConfigNode.MapNode item = (ConfigNode.MapNode) items.get(i);
        unknownKeys(item, ip, AiToolkitKeys.SAMPLE_ITEM, Map.of());
        List<String> read = AiToolkitKeys.sampleControlKeys(arch);
        // SampleItem l.63: ctrl_img also fills ctrl_img_1, so edit-plus reads either
        boolean hasControl =
            read.stream().anyMatch(item::has)
                || (arch.equals("qwen_image_edit_plus") && item.has("ctrl_img"));
        // A sample with no control at all is the project rule sample.missing-control-image;
        // the file alone shows a key the arch does not read (ctrl_img_1 on qwen_image_edit).
        if (edit && !disabled && !hasControl && item.has("ctrl_img_1")) {
          missingSampleControl(ip, item.location().orElse(null), arch, item);
        }
        if (qwenImage && item.has("ctrl_img")) {
          add(
              ConfigRules.CONTROL_IMAGE_UNSUPPORTED,
              ip + ".ctrl_img",
              item.location().orElse(null),
              "sample has ctrl_img but arch qwen_image raises NotImplementedError for it",
              "remove ctrl_img, or use an edit arch");
        }
        if (qwenImage || arch.equals("qwen_image_edit")) {
          for (String k : new String[] {"ctrl_img_1", "ctrl_img_2", "ctrl_img_3"}) {
            if (item.has(k) && (hasControl || !edit || disabled)) {
              add(
                  ConfigRules.SAMPLE_CONTROL_IGNORED,
                  ip + "." + k,
                  keyLoc(item, k),
                  fmt("%s is never read by arch %s; the image is not used", k, arch),
                  arch.equals("qwen_image_edit")
                      ? "rename it to ctrl_img (this arch reads one control image)"
                      : "remove it");
            }
          }
        }
      }
    }
  }

  private void missingSampleControl(
      String path, SourceLocation at, String arch, ConfigNode.MapNode item) {
    boolean original = arch.equals("qwen_image_edit");
    boolean misnamed = original && item != null && item.has("ctrl_img_1");
    add(
        dev.lorakit.core.rules.SamplingRules.MISSING_CONTROL_IMAGE,
        path,
        at,
        misnamed
            ? "sample has ctrl_img_1 but arch qwen_image_edit reads only ctrl_img, so the baseline"
                + " sample runs the pipeline with image=None and fails"
            : original
                ? "sample has no ctrl_img; arch qwen_image_edit runs the pipeline with image=None"
                    + " at the baseline sample and fails"
                : fmt(
                    "sample has no control image; arch %s raises 'Missing control images' at the"
                        + " baseline sample",
                    arch),
        original
            ? "write samples: [{prompt: ..., ctrl_img: <control image>}], or set"
                + " train.disable_sampling: true"
            : "write samples: [{prompt: ..., ctrl_img_1: <control image>}] instead of prompts, or"
                + " set train.disable_sampling: true");
  }

  // ---------------------------------------------------------------- text

  private void placeholders(String text) {
    if (text == null) {
      return;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length && out.size() < 1000; i++) {
      Matcher m = PLACEHOLDER.matcher(lines[i]);
      while (m.find()) {
        add(
            ConfigRules.ENV_PLACEHOLDER,
            "",
            SourceLocation.of(i + 1, m.start() + 1),
            fmt(
                "'%s' is replaced from the environment before parsing, comments included; the"
                    + " trainer raises when %s is unset",
                m.group(), m.group(1).isBlank() ? "the variable" : m.group(1)),
            "write the value itself, or set the variable on the pod");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private void unknownKeys(
      ConfigNode.MapNode map, String path, Set<String> known, Map<String, String> invented) {
    unknownKeys(map, path, known, invented, null);
  }

  private void unknownKeys(
      ConfigNode.MapNode map,
      String path,
      Set<String> known,
      Map<String, String> invented,
      String suggestedArch) {
    for (ConfigNode.Entry e : map.entries().values()) {
      if (known.contains(e.key)) {
        continue;
      }
      String kp = path.isEmpty() ? e.key : path + "." + e.key;
      String real = invented == null ? null : invented.get(e.key);
      if (real != null) {
        String hint =
            e.key.equals("is_qwen") && suggestedArch != null
                ? "replace it with arch: " + suggestedArch
                : "rename it to " + real;
        add(
            ConfigRules.INVENTED_KEY,
            kp,
            e.keyLocation().orElse(null),
            fmt(
                "'%s' is not an ai-toolkit key and is silently ignored; the real key is %s",
                e.key, real),
            hint);
        continue;
      }
      add(
          ConfigRules.UNKNOWN_KEY,
          kp,
          e.keyLocation().orElse(null),
          fmt(
              "'%s' is not a key of %s and is silently ignored",
              e.key, path.isEmpty() ? "the top level" : section(path)),
          didYouMean(e.key, known, "remove it"));
    }
  }

  private static String section(String path) {
    String p = path.replaceAll("\\[\\d+]", "[]");
    int dot = p.lastIndexOf('.');
    return dot < 0 ? p : p.substring(dot + 1);
  }

  private static String didYouMean(String word, Set<String> candidates, String otherwise) {
    return EditDistance.closest(word, candidates)
        .map(c -> "did you mean '" + c + "'?")
        .orElse(otherwise);
  }

  private void enumValue(
      ConfigNode.MapNode map, String path, String key, Set<String> allowed, String preferred) {
    map.entry(key)
        .ifPresent(
            e -> {
              Optional<String> v = scalarString(e);
              if (v.isEmpty()) {
                if (scalar(e).map(s -> s.value() != null).orElse(true)) {
                  wrongType(e, path + "." + key, "one of " + allowed);
                }
                return;
              }
              String value = v.get().strip().toLowerCase(Locale.ROOT);
              if (!allowed.contains(value)) {
                add(
                    ConfigRules.INVALID_ENUM,
                    path + "." + key,
                    loc(e.value),
                    fmt("%s '%s' is not one of the values the trainer accepts", key, v.get()),
                    EditDistance.closest(value, allowed)
                            .map(c -> "did you mean '" + c + "'? ")
                            .orElse("")
                        + "use "
                        + preferred
                        + " (allowed: "
                        + String.join(", ", allowed)
                        + ")");
              }
            });
  }

  private void integer(ConfigNode.MapNode map, String path, String key) {
    map.entry(key)
        .ifPresent(
            e -> {
              if (scalar(e).flatMap(ConfigNode.ScalarNode::integer).isEmpty()) {
                wrongType(e, path + "." + key, "a whole number");
              }
            });
  }

  private void number(ConfigNode.MapNode map, String path, String key) {
    map.entry(key)
        .ifPresent(
            e -> {
              if (scalar(e).flatMap(ConfigNode.ScalarNode::number).isEmpty()) {
                wrongType(e, path + "." + key, "a number such as 0.0002");
              }
            });
  }

  private void wrongType(ConfigNode.Entry e, String path, String expected) {
    add(
        ConfigRules.WRONG_TYPE,
        path,
        loc(e.value),
        fmt("%s is %s, not %s", e.key, describe(e.value), expected),
        "write " + e.key + " as " + expected);
  }

  private static String describe(ConfigNode n) {
    if (n instanceof ConfigNode.MapNode) {
      return "a mapping";
    }
    if (n instanceof ConfigNode.ListNode) {
      return "a list";
    }
    Object v = ((ConfigNode.ScalarNode) n).value();
    return v instanceof String ? "the text '" + v + "'" : String.valueOf(v);
  }

  private Optional<ConfigNode.MapNode> mapOrReport(
      ConfigNode.MapNode parent, String key, String path) {
    Optional<ConfigNode> n = parent.get(key);
    if (n.isPresent() && n.get() instanceof ConfigNode.MapNode) {
      return Optional.of((ConfigNode.MapNode) n.get());
    }
    if (n.isPresent()) {
      add(
          ConfigRules.WRONG_TYPE,
          path,
          loc(n.get()),
          fmt("%s is %s, not a mapping", key, describe(n.get())),
          "write " + key + ": as a mapping of keys");
    }
    return Optional.empty();
  }

  private void missing(ConfigNode.MapNode parent, String path, String example) {
    add(
        ConfigRules.MISSING_REQUIRED,
        path,
        parent.location().orElse(SourceLocation.of(1, 1)),
        fmt("required key %s is missing; the trainer raises", path),
        "add " + example);
  }

  private static Optional<ConfigNode.ScalarNode> scalar(ConfigNode.Entry e) {
    return e.value instanceof ConfigNode.ScalarNode
        ? Optional.of((ConfigNode.ScalarNode) e.value)
        : Optional.empty();
  }

  private static Optional<String> scalarString(ConfigNode.Entry e) {
    return scalar(e).flatMap(ConfigNode.ScalarNode::string);
  }

  private static SourceLocation loc(ConfigNode n) {
    return n.location().orElse(null);
  }

  private static SourceLocation keyLoc(ConfigNode.MapNode m, String key) {
    return m.entry(key).flatMap(ConfigNode.Entry::keyLocation).or(m::location).orElse(null);
  }

  private static SourceLocation valueLoc(ConfigNode.MapNode m, String key) {
    return m.get(key).flatMap(ConfigNode::location).orElse(keyLoc(m, key));
  }

  private void add(
      RuleDescriptor rule, String path, SourceLocation at, String message, String hint) {
    out.add(violation(rule, path, at, message, hint));
  }

  private void add(
      RuleDescriptor rule,
      Severity severity,
      String path,
      SourceLocation at,
      String message,
      String hint,
      Object value) {
    out.add(violation(rule, severity, path, at, message, hint, value));
  }
}
