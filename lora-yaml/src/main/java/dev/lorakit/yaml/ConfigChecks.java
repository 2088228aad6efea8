package dev.lorakit.yaml;

import static dev.lorakit.yaml.ConfigRules.fmt;
import static dev.lorakit.yaml.ConfigRules.violation;

import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.internal.EditDistance;
import dev.lorakit.core.project.BaseModel;
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

  private ConfigChecks() {}

  static List<Violation> check(ConfigNode rootNode, String text) {
    ConfigChecks c = new ConfigChecks();
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
    unknownKeys(p, path, AiToolkitKeys.PROCESS, AiToolkitKeys.INVENTED.get("process"));
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
    section(p, path, "network").ifPresent(n -> network(n, path + ".network"));
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
    enumValue(t, path, "noise_scheduler", AiToolkitKeys.NOISE_SCHEDULERS, "flowmatch");
    enumValue(t, path, "timestep_type", AiToolkitKeys.TIMESTEP_TYPES, "weighted");
    enumValue(t, path, "lr_scheduler", AiToolkitKeys.LR_SCHEDULERS, "constant");
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

  private void network(ConfigNode.MapNode n, String path) {
    unknownKeys(n, path, AiToolkitKeys.NETWORK, Map.of());
    enumValue(n, path, "type", AiToolkitKeys.NETWORK_TYPES, "lora");
    integer(n, path, "linear");
    integer(n, path, "rank");
    number(n, path, "linear_alpha");
    if (n.has("network_kwargs")) {
      mapOrReport(n, "network_kwargs", path + ".network_kwargs")
          .ifPresent(
              k ->
                  unknownKeys(k, path + ".network_kwargs", AiToolkitKeys.NETWORK_KWARGS, Map.of()));
    }
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
        // A missing control image is the project rule sample.missing-control-image.
        boolean hasControl = !ConfigImporter.controlImages(item).isEmpty();
        if (qwenImage && hasControl) {
          add(
              ConfigRules.CONTROL_IMAGE_UNSUPPORTED,
              ip + ".ctrl_img",
              item.location().orElse(null),
              "sample has a control image but arch qwen_image raises NotImplementedError for it",
              "remove the control image, or use an edit arch");
        }
      }
    }
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
