package dev.lorakit.yaml;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.yaml.ConfigRules.fmt;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.JobConfigWriter;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.LoraValidationException;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.ValidationReport;
import dev.lorakit.core.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link LoraProject} as an ai-toolkit config: YAML for {@code run.py}, or the web UI's
 * JSON job config ({@code {job, config, meta}}). Only real keys are written, in a fixed order, with
 * {@code train.steps}, {@code save_every} and {@code sample_every} from the {@link StepBudget} and
 * a short comment on each derived number.
 *
 * <pre>{@code
 * String yaml = AiToolkitWriter.create().toYaml(project); // LoraValidationException on errors
 * }</pre>
 *
 * <p>A project with an ERROR from {@link RuleEngine#qwenCharacter()} is refused: the writer throws
 * {@link LoraValidationException} carrying the report, so a config that would crash on the pod is
 * never written. {@link #check} returns the same report without throwing.
 */
public final class AiToolkitWriter implements JobConfigWriter {

  static final RuleDescriptor STEP_BUDGET_UNKNOWN =
      RuleDescriptor.builder()
          .id("config.step-budget-unknown")
          .severity(ERROR)
          .subject(ConfigSubjects.CONFIG)
          .what("train.steps or save_every cannot be computed: image counts are unknown")
          .why(
              "ai-toolkit has no epochs key; without image counts lorakit cannot turn epochs into"
                  + " steps, and it does not invent numbers")
          .fix("scan the dataset or declare image counts, or give steps and save_every explicitly")
          .source("ai-toolkit.md §3.2")
          .build();
  static final RuleDescriptor UNSAFE_TEXT =
      RuleDescriptor.builder()
          .id("config.unsafe-text")
          .severity(ERROR)
          .subject(ConfigSubjects.CONFIG)
          .what("a value would contain '${' anywhere or ' --' in a prompt")
          .why(
              "the trainer substitutes ${VAR} in the whole file before parsing and splits prompts"
                  + " on '--' into flags")
          .fix("remove '${' and ' --' from names, paths, the trigger and prompts")
          .source("ai-toolkit.md §1, §2.6")
          .build();
  static final List<RuleDescriptor> WRITER_RULES = List.of(STEP_BUDGET_UNKNOWN, UNSAFE_TEXT);

  private final String trainingFolder;
  private final RuleEngine engine;

  private AiToolkitWriter(String trainingFolder, RuleEngine engine) {
    this.trainingFolder = trainingFolder;
    this.engine = engine;
  }

  /** A writer with {@code training_folder: "output"} and the {@code qwen-character} rules. */
  public static AiToolkitWriter create() {
    return new AiToolkitWriter("output", RuleEngine.qwenCharacter());
  }

  /** The same writer with another {@code training_folder} (the UI's TRAINING_FOLDER, say). */
  public AiToolkitWriter withTrainingFolder(String folder) {
    Objects.requireNonNull(folder, "folder");
    if (folder.isBlank()) {
      throw new IllegalArgumentException("training folder must not be blank");
    }
    return new AiToolkitWriter(folder, engine);
  }

  /** The same writer checking projects with another rule engine. */
  public AiToolkitWriter withEngine(RuleEngine engine) {
    return new AiToolkitWriter(trainingFolder, Objects.requireNonNull(engine, "engine"));
  }

  /** The project rules plus the writer's own preconditions; errors mean the writer refuses. */
  public ValidationReport check(LoraProject project) {
    Objects.requireNonNull(project, "project");
    ValidationReport report = engine.check(project);
    List<Violation> own = new ArrayList<>();
    Optional<StepBudget> budget = StepBudget.compute(project);
    TrainingParameters t = project.training();
    if (budget.isEmpty() && (t.length().steps().isEmpty() || t.save().saveEvery().isEmpty())) {
      own.add(
          ConfigRules.violation(
              STEP_BUDGET_UNKNOWN,
              t.length().steps().isEmpty() ? "train.steps" : "save.save_every",
              null,
              "image counts of the training folders are unknown, so "
                  + (t.length().steps().isEmpty() ? "train.steps" : "save_every")
                  + " cannot be computed",
              "scan the dataset or declare image counts; or give the length in steps and"
                  + " save_every explicitly"));
    }
    unsafe(project, own);
    values(project, own);
    return report.merge(ValidationReport.of(own, List.of()));
  }

  /** The ai-toolkit YAML of a project. Throws {@link LoraValidationException} on errors. */
  public String toYaml(LoraProject project) {
    return Emitter.yaml(tree(project, ConfigNode.map(), false), header(project));
  }

  /**
   * The web UI's job config as JSON ({@code {job, config, meta}}), with the UI's logging ({@code
   * use_ui_logger}) so the loss graph works. Send it as the {@code job_config} object of {@code
   * POST /api/jobs}, with {@code name} equal to {@code config.name}.
   */
  /** The UI job JSON with {@code trainingFolder} as the training folder (a pod's UI root). */
  @Override
  public String toUiJson(LoraProject project, String trainingFolder) {
    return withTrainingFolder(trainingFolder).toUiJson(project);
  }

  public String toUiJson(LoraProject project) {
    return Emitter.json(tree(project, ConfigNode.map(), true));
  }

  /** The project as a config value, for further inspection or {@link AiToolkitConfig#toJson()}. */
  public AiToolkitConfig toConfig(LoraProject project) {
    ConfigNode.MapNode root = tree(project, ConfigNode.map(), false);
    return new AiToolkitConfig(root, Emitter.yaml(root, null), List.of());
  }

  /**
   * Read-modify-write: the existing config with every key lorakit models set from the project. Real
   * keys lorakit does not model keep their values and their order; keys that are not ai-toolkit
   * keys at all (they do nothing) are dropped; new keys are appended to their section. Comments of
   * the original file are not kept.
   */
  public AiToolkitConfig update(AiToolkitConfig original, LoraProject project) {
    Objects.requireNonNull(original, "original");
    ConfigNode.MapNode base =
        original.root() instanceof ConfigNode.MapNode
            ? ((ConfigNode.MapNode) original.root()).copy()
            : ConfigNode.map();
    ConfigNode.MapNode root = tree(project, base, false);
    return new AiToolkitConfig(root, Emitter.yaml(root, null), List.of());
  }

  // ---------------------------------------------------------------- the tree

  private ConfigNode.MapNode tree(LoraProject project, ConfigNode.MapNode root, boolean ui) {
    ValidationReport report = check(project);
    report.throwIfErrors();
    Optional<StepBudget> budget = StepBudget.compute(project);
    TrainingParameters t = project.training();
    boolean update = !root.entries().isEmpty();
    if (update) {
      prune(root);
    }

    root.put("job", "extension");
    ConfigNode.MapNode config = root.child("config");
    config.put("name", project.name());
    ConfigNode.ListNode processes = config.listAt("process").orElseGet(() -> ConfigNode.list());
    config.put("process", processes);
    ConfigNode.MapNode p;
    if (!processes.items().isEmpty() && processes.items().get(0) instanceof ConfigNode.MapNode) {
      p = (ConfigNode.MapNode) processes.items().get(0);
    } else {
      p = ConfigNode.map();
      if (processes.items().isEmpty()) {
        processes.items().add(p);
      } else {
        processes.items().set(0, p);
      }
    }
    String type = ConfigImporter.str(p, "type").orElse("");
    if (!type.equals("sd_trainer") && !type.equals("diffusion_trainer")) {
      p.put("type", "diffusion_trainer");
    }
    if (!p.has("training_folder") || !update) {
      p.put("training_folder", trainingFolder);
    }
    p.put("trigger_word", project.trigger().value());
    if (t.seed().isPresent()) {
      p.put("training_seed", t.seed().getAsLong());
    } else {
      p.remove("training_seed");
    }

    ConfigNode.MapNode network = p.child("network");
    network.remove("rank");
    network.put("type", t.network().type().key());
    network.put("linear", (long) t.network().rank());
    network.put("linear_alpha", t.network().alpha(), "ignored for Qwen: alpha = rank");

    int steps = budget.map(StepBudget::totalSteps).orElseGet(() -> t.length().steps().getAsInt());
    int saveEvery =
        budget.map(StepBudget::saveEvery).orElseGet(() -> t.save().saveEvery().getAsInt());
    int sampleEvery =
        project.sampling().sampleEvery().isPresent()
            ? project.sampling().sampleEvery().getAsInt()
            : budget.map(StepBudget::oneEpochSaveEvery).orElse(saveEvery);
    ConfigNode.MapNode save = p.child("save");
    save.put("dtype", t.save().dtype().key());
    save.put("save_every", (long) saveEvery, epochsComment(saveEvery, budget));
    save.put("max_step_saves_to_keep", (long) t.save().keep());

    datasets(project, p, budget);

    ConfigNode.MapNode train = p.child("train");
    train.put("batch_size", (long) t.batchSize());
    train.put("steps", (long) steps, stepsComment(steps, budget));
    if (t.gradientAccumulationSteps() != 1) {
      train.remove("gradient_accumulation");
      train.put(
          "gradient_accumulation_steps",
          (long) t.gradientAccumulationSteps(),
          "legacy mode: steps count micro-batches");
    } else {
      train.remove("gradient_accumulation_steps");
      train.put(
          "gradient_accumulation",
          (long) t.gradientAccumulation(),
          t.gradientAccumulation() > 1
              ? fmt("one optimizer update per %d batches", t.gradientAccumulation())
              : null);
    }
    train.put("train_unet", true);
    train.put("train_text_encoder", t.trainTextEncoder());
    train.put("gradient_checkpointing", t.gradientCheckpointing());
    train.put("noise_scheduler", t.noiseScheduler());
    train.put("timestep_type", t.timestepType());
    train.put("optimizer", t.optimizer().key());
    train.put("lr", t.learningRate());
    train.put("lr_scheduler", t.lrScheduler());
    train.put("cache_text_embeddings", t.cacheTextEmbeddings());
    ConfigNode.MapNode ema = train.child("ema_config");
    ema.put("use_ema", t.ema().enabled());
    ema.put("ema_decay", t.ema().decay());
    train.put("dtype", t.precision().key());

    ConfigNode.MapNode model = p.child("model");
    String originalRepo = ConfigImporter.str(model, "name_or_path").orElse("");
    boolean sameBase =
        !originalRepo.isBlank()
            && BaseModel.fromId(originalRepo)
                .or(() -> ConfigImporter.str(model, "arch").flatMap(BaseModel::fromArch))
                .map(m -> m == project.baseModel())
                .orElse(false);
    if (!sameBase) {
      model.put("name_or_path", project.baseModel().repository());
    }
    model.put(
        "arch",
        project.aiToolkitArch(),
        project.archOverride().isPresent() ? "override of " + project.baseModel().arch() : null);
    model.remove("accuracy_recovery_adapter");
    Quantization q = t.quantization();
    model.put("quantize", q.enabled());
    model.put("qtype", q.qtypeWithAdapter());
    model.put("quantize_te", q.quantizeTextEncoder());
    model.put("qtype_te", q.textEncoderQtype());

    sample(project, p, sampleEvery, budget);

    if (ui) {
      ConfigNode.MapNode logging = p.child("logging");
      logging.put("log_every", 1L);
      logging.put("use_ui_logger", true);
    }
    ConfigNode.MapNode meta = root.child("meta");
    if (!meta.has("name")) {
      meta.put("name", "[name]");
    }
    if (!meta.has("version")) {
      meta.put("version", "1.0");
    }
    return root;
  }

  private static void datasets(
      LoraProject project, ConfigNode.MapNode p, Optional<StepBudget> budget) {
    TrainingParameters t = project.training();
    List<ConfigNode.MapNode> old = ConfigImporter.maps(p.listAt("datasets"));
    ConfigNode.ListNode list = ConfigNode.list();
    List<DatasetFolder> folders = project.dataset().trainingFolders();
    for (int i = 0; i < folders.size(); i++) {
      DatasetFolder f = folders.get(i);
      ConfigNode.MapNode d = i < old.size() ? old.get(i) : ConfigNode.map();
      d.put("folder_path", join(project.dataset().root(), f.path()));
      for (String k : new String[] {"control_path_1", "control_path_2", "control_path_3"}) {
        d.remove(k);
      }
      if (f.controlFolders().isEmpty()) {
        d.remove("control_path");
      } else {
        ConfigNode.ListNode controls = ConfigNode.list();
        f.controlFolders().forEach(c -> controls.add(join(project.dataset().root(), c)));
        d.put("control_path", controls);
      }
      if (f.maskFolder().isPresent()) {
        d.put(
            "mask_path",
            join(project.dataset().root(), f.maskFolder().get()),
            "loss masks over foreign faces (lorakit faces --write-masks)");
      } else {
        d.remove("mask_path");
      }
      d.put("caption_ext", "txt");
      d.put("caption_dropout_rate", t.captionDropoutRate());
      d.put("shuffle_tokens", t.shuffleTokens());
      d.put("cache_latents_to_disk", t.cacheLatentsToDisk());
      Optional<KohyaFolderName> kohya = KohyaFolderName.parse(f.name());
      d.put(
          "num_repeats",
          (long) f.repeats(),
          kohya.isPresent() ? "ai-toolkit ignores the folder name's repeats" : null);
      ConfigNode.ListNode res = ConfigNode.list();
      new LinkedHashSet<>(t.resolutions()).forEach(r -> res.add((long) r));
      d.put("resolution", res, t.resolutions().size() > 1 ? "one dataset copy per entry" : null);
      if (f.role() == FolderRole.REGULARIZATION) {
        d.put("is_reg", true);
      } else {
        d.remove("is_reg");
      }
      list.add(d);
    }
    p.put("datasets", list);
  }

  private static void sample(
      LoraProject project, ConfigNode.MapNode p, int sampleEvery, Optional<StepBudget> budget) {
    var s = project.sampling();
    ConfigNode.MapNode sample = p.child("sample");
    sample.put("sampler", "flowmatch");
    sample.put("sample_every", (long) sampleEvery, epochsComment(sampleEvery, budget));
    sample.put("width", (long) s.width());
    sample.put("height", (long) s.height());
    List<ConfigNode.MapNode> old = ConfigImporter.maps(sample.listAt("samples"));
    sample.remove("prompts");
    ConfigNode.ListNode samples = ConfigNode.list();
    for (int i = 0; i < s.prompts().size(); i++) {
      SamplePrompt prompt = s.prompts().get(i);
      ConfigNode.MapNode item = i < old.size() ? old.get(i) : ConfigNode.map();
      String text = withTrigger(prompt.prompt(), project.trigger().value());
      item.put(
          "prompt",
          text,
          text.equals(prompt.prompt()) ? null : "[trigger] added: ai-toolkit does not add it");
      for (String k : new String[] {"ctrl_img", "ctrl_img_1", "ctrl_img_2", "ctrl_img_3"}) {
        item.remove(k);
      }
      for (int c = 0; c < prompt.controlImages().size() && c < 3; c++) {
        item.put(
            "ctrl_img_" + (c + 1), join(project.dataset().root(), prompt.controlImages().get(c)));
      }
      samples.add(item);
    }
    sample.put("samples", samples);
    sample.put("neg", s.negativePrompt());
    sample.put("seed", s.seed());
    sample.put("walk_seed", true);
    sample.put("guidance_scale", s.guidanceScale());
    sample.put("sample_steps", (long) s.sampleSteps());
  }

  /**
   * The prompt with {@code [trigger]} in front when it names the character neither by {@code
   * [trigger]} nor by the literal trigger: the trainer never adds the trigger to sample prompts.
   */
  static String withTrigger(String prompt, String trigger) {
    boolean named =
        prompt.contains("[trigger]")
            || (!trigger.isBlank()
                && prompt.toLowerCase(Locale.ROOT).contains(trigger.toLowerCase(Locale.ROOT)));
    return named ? prompt : "[trigger], " + prompt;
  }

  /** Removes keys that are not ai-toolkit keys from the sections lorakit writes. */
  private static void prune(ConfigNode.MapNode root) {
    keep(root, AiToolkitKeys.TOP);
    root.mapAt("config")
        .ifPresent(
            c -> {
              keep(c, AiToolkitKeys.CONFIG);
              c.listAt("process")
                  .flatMap(l -> l.items().stream().findFirst())
                  .filter(ConfigNode.MapNode.class::isInstance)
                  .map(ConfigNode.MapNode.class::cast)
                  .ifPresent(AiToolkitWriter::pruneProcess);
            });
  }

  private static void pruneProcess(ConfigNode.MapNode p) {
    keep(p, AiToolkitKeys.PROCESS);
    for (Map.Entry<String, Set<String>> s : AiToolkitKeys.PROCESS_SECTIONS.entrySet()) {
      p.mapAt(s.getKey()).ifPresent(m -> keep(m, s.getValue()));
    }
    p.mapAt("train").flatMap(t -> t.mapAt("ema_config")).ifPresent(m -> keep(m, AiToolkitKeys.EMA));
    ConfigImporter.maps(p.listAt("datasets")).forEach(d -> keep(d, AiToolkitKeys.DATASET));
    p.mapAt("sample")
        .ifPresent(
            s ->
                ConfigImporter.maps(s.listAt("samples"))
                    .forEach(i -> keep(i, AiToolkitKeys.SAMPLE_ITEM)));
    // keys that must never survive a rewrite: the pipe syntax replaces the separate adapter key
  }

  private static void keep(ConfigNode.MapNode map, Set<String> known) {
    map.entries().keySet().removeIf(k -> !known.contains(k));
  }

  static String join(String root, String path) {
    String r = root.strip();
    if (r.isEmpty()
        || r.equals(".")
        || path.startsWith("/")
        || path.matches("[A-Za-z]:[\\\\/].*")) {
      return path;
    }
    return r.endsWith("/") ? r + path : r + "/" + path;
  }

  /** Free-text settings the trainer only accepts from a fixed set. */
  private static void values(LoraProject project, List<Violation> out) {
    project
        .archOverride()
        .filter(a -> !AiToolkitKeys.ARCHS.contains(ConfigImporter.bareArch(a.strip())))
        .ifPresent(
            a ->
                out.add(
                    ConfigRules.violation(
                        ConfigRules.UNKNOWN_ARCH,
                        "model.arch",
                        null,
                        fmt("arch override '%s' is not an ai-toolkit arch", a),
                        "use qwen_image (the text-only workaround) or drop the override")));
    TrainingParameters t = project.training();
    String[][] enums = {
      {"train.lr_scheduler", t.lrScheduler()},
      {"train.noise_scheduler", t.noiseScheduler()},
      {"train.timestep_type", t.timestepType()}
    };
    List<Set<String>> sets =
        List.of(
            AiToolkitKeys.LR_SCHEDULERS,
            AiToolkitKeys.NOISE_SCHEDULERS,
            AiToolkitKeys.TIMESTEP_TYPES);
    for (int i = 0; i < enums.length; i++) {
      String value = enums[i][1].strip().toLowerCase(Locale.ROOT);
      if (!sets.get(i).contains(value)) {
        out.add(
            ConfigRules.violation(
                ConfigRules.INVALID_ENUM,
                enums[i][0],
                null,
                fmt(
                    "%s '%s' is not one of the values the trainer accepts",
                    enums[i][0], enums[i][1]),
                "use one of " + String.join(", ", sets.get(i))));
      }
    }
  }

  private static void unsafe(LoraProject project, List<Violation> out) {
    List<String[]> texts = new ArrayList<>();
    texts.add(new String[] {"config.name", project.name()});
    texts.add(new String[] {"trigger_word", project.trigger().value()});
    texts.add(new String[] {"datasets[].folder_path", project.dataset().root()});
    for (DatasetFolder f : project.dataset().folders()) {
      texts.add(new String[] {f.path(), f.path()});
      f.controlFolders().forEach(c -> texts.add(new String[] {f.path(), c}));
    }
    texts.add(new String[] {"sample.neg", project.sampling().negativePrompt()});
    texts.add(new String[] {"training.lr_scheduler", project.training().lrScheduler()});
    texts.add(new String[] {"train.noise_scheduler", project.training().noiseScheduler()});
    texts.add(new String[] {"train.timestep_type", project.training().timestepType()});
    project
        .training()
        .quantization()
        .accuracyRecoveryAdapter()
        .ifPresent(a -> texts.add(new String[] {"model.qtype", a}));
    texts.add(new String[] {"model.qtype", project.training().quantization().qtype()});
    texts.add(
        new String[] {"model.qtype_te", project.training().quantization().textEncoderQtype()});
    List<SamplePrompt> prompts = project.sampling().prompts();
    for (int i = 0; i < prompts.size(); i++) {
      String path = "sample.samples[" + i + "]";
      String expanded =
          withTrigger(prompts.get(i).prompt(), project.trigger().value())
              .replace("[trigger]", project.trigger().value());
      texts.add(new String[] {path + ".prompt", prompts.get(i).prompt()});
      prompts
          .get(i)
          .controlImages()
          .forEach(c -> texts.add(new String[] {path + ".ctrl_img_1", c}));
      if (expanded.contains("--")) {
        out.add(
            ConfigRules.violation(
                UNSAFE_TEXT,
                path + ".prompt",
                null,
                fmt("prompt '%s' contains '--', which the trainer parses as a flag", expanded),
                "remove '--' from the prompt and the trigger"));
      }
    }
    for (String[] t : texts) {
      if (t[1].contains("${")) {
        out.add(
            ConfigRules.violation(
                UNSAFE_TEXT,
                t[0],
                null,
                fmt("'%s' contains '${', which the trainer replaces from the environment", t[1]),
                "remove '${' from the value"));
      }
    }
  }

  // ---------------------------------------------------------------- comments

  private static String epochsComment(int every, Optional<StepBudget> budget) {
    if (budget.isEmpty()) {
      return null;
    }
    StepBudget b = budget.get();
    if (every == b.oneEpochSaveEvery()) {
      return "one epoch";
    }
    return fmt("%s epochs", Numbers.rounded(every / b.stepsPerEpoch()));
  }

  private static String stepsComment(int steps, Optional<StepBudget> budget) {
    if (budget.isEmpty()) {
      return null;
    }
    StepBudget b = budget.get();
    return fmt(
        "%s epochs x %s steps (%d samples/epoch, batch %d, accumulation %d)",
        Numbers.rounded(b.epochs()),
        Numbers.rounded(b.stepsPerEpoch()),
        b.samplesPerEpoch(),
        b.batchSize(),
        b.batchesPerStep());
  }

  private static String header(LoraProject project) {
    StringBuilder sb = new StringBuilder();
    sb.append("ai-toolkit config for ")
        .append(project.name().replace('\n', ' '))
        .append(", written by lorakit (")
        .append(project.baseModel().id())
        .append(", arch ")
        .append(project.aiToolkitArch())
        .append(")");
    StepBudget.compute(project).ifPresent(b -> sb.append('\n').append(b.formula()));
    return sb.toString();
  }

  @Override
  public String toString() {
    return "AiToolkitWriter[training_folder=" + trainingFolder + "]";
  }
}
