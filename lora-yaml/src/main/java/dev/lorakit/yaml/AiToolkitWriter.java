package dev.lorakit.yaml;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.yaml.ConfigRules.fmt;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.KohyaFolderName;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.ImageSize;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.plan.TrainerSemantics;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.JobConfigWriter;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.rules.RuleEngine;
import dev.lorakit.core.training.LrSchedulers;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Precision;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.QuantizationType;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.training.ValidationSettings;
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

  static final RuleDescriptor TRAINER_REFUSES =
      RuleDescriptor.builder()
          .id("config.trainer-refuses-setting")
          .severity(ERROR)
          .subject(ConfigSubjects.CONFIG)
          .what(
              "the project asks for an optimizer, LR scheduler or scheduler parameter that does"
                  + " not construct on the targeted ai-toolkit build, or for what that build does"
                  + " not have yet (int8, a newer base model)")
          .why(
              "ai-toolkit builds the optimizer and scheduler after the 20B model has loaded, so"
                  + " the pod is paid for before it raises (toolkit/optimizer.py,"
                  + " toolkit/scheduler.py at 27a03a91)")
          .fix("choose a value the message lists, or target another trainer version")
          .source("ai-toolkit-audit.md rows 2, 3, 15; issue 12 item 2")
          .build();
  static final List<RuleDescriptor> WRITER_RULES =
      List.of(STEP_BUDGET_UNKNOWN, UNSAFE_TEXT, TRAINER_REFUSES);

  private final String trainingFolder;
  private final RuleEngine engine;
  private final Map<String, List<ImageSize>> imageSizes;

  private AiToolkitWriter(
      String trainingFolder, RuleEngine engine, Map<String, List<ImageSize>> imageSizes) {
    this.trainingFolder = trainingFolder;
    this.engine = engine;
    this.imageSizes = Map.copyOf(imageSizes);
  }

  /** A writer with {@code training_folder: "output"} and the {@code qwen-character} rules. */
  public static AiToolkitWriter create() {
    return new AiToolkitWriter("output", RuleEngine.qwenCharacter(), Map.of());
  }

  /**
   * The same writer with the real image sizes per folder path, so {@code train.steps} and {@code
   * save_every} come from the same per-bucket budget as {@code lorakit plan} (audit row 4).
   */
  public AiToolkitWriter withImageSizes(Map<String, List<ImageSize>> sizes) {
    return new AiToolkitWriter(trainingFolder, engine, Objects.requireNonNull(sizes, "sizes"));
  }

  /** The step budget this writer writes for a project: the one {@code plan} shows. */
  public Optional<StepBudget> budget(LoraProject project) {
    return StepBudget.compute(project, TrainerSemantics.AI_TOOLKIT, imageSizes);
  }

  /** The same writer with another {@code training_folder} (the UI's TRAINING_FOLDER, say). */
  public AiToolkitWriter withTrainingFolder(String folder) {
    Objects.requireNonNull(folder, "folder");
    if (folder.isBlank()) {
      throw new IllegalArgumentException("training folder must not be blank");
    }
    return new AiToolkitWriter(folder, engine, imageSizes);
  }

  /** The same writer checking projects with another rule engine. */
  public AiToolkitWriter withEngine(RuleEngine engine) {
    return new AiToolkitWriter(
        trainingFolder, Objects.requireNonNull(engine, "engine"), imageSizes);
  }

  /** The project rules plus the writer's own preconditions; errors mean the writer refuses. */
  public ValidationReport check(LoraProject project) {
    Objects.requireNonNull(project, "project");
    ValidationReport report = engine.check(project);
    List<Violation> own = new ArrayList<>();
    Optional<StepBudget> budget = budget(project);
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
    return Emitter.yaml(tree(project, ConfigNode.map(), false), header(project, budget(project)));
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
    Optional<StepBudget> budget = budget(project);
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
    network.put(
        "linear",
        (long) t.network().rank(),
        "the UI writes 32; the guide's 16 is enough for one character on a 20B model");
    network.put("linear_alpha", t.network().alpha(), "ignored for Qwen: alpha = rank");
    if (t.network().type() == NetworkType.LOKR) {
      // config_modules.py l.204-209: lokr_full_rank defaults to true since 0c3a5e69 and replaces
      // the rank with 9999999999; the key is read with default false before that (audit row 6)
      network.put("lokr_full_rank", false, "train at linear, not the full-rank default");
    } else {
      network.remove("lokr_full_rank");
    }

    int steps = budget.map(StepBudget::totalSteps).orElseGet(() -> t.length().steps().getAsInt());
    int saveEvery =
        budget.map(StepBudget::saveEvery).orElseGet(() -> t.save().saveEvery().getAsInt());
    int sampleEvery =
        project.sampling().sampleEvery().isPresent()
            ? project.sampling().sampleEvery().getAsInt()
            : budget.map(StepBudget::oneEpochSaveEvery).orElse(saveEvery);
    ConfigNode.MapNode save = p.child("save");
    save.put(
        "dtype",
        t.save().dtype().key(),
        t.save().dtype() == Precision.BF16
            ? null
            : "the UI writes bf16; " + t.save().dtype().key() + " is what this project saves");
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
    if (t.optimizerParams().isEmpty()) {
      train.remove("optimizer_params");
    } else {
      train.put("optimizer_params", numbers(t.optimizerParams()));
    }
    if (!t.optimizerParams().containsKey("weight_decay")) {
      train.comment(
          "optimizer",
          "no optimizer_params: the optimizer's own weight decay (the UI writes weight_decay"
              + " 1e-4)");
    }
    train.put("lr", t.learningRate());
    train.put("lr_scheduler", t.lrScheduler());
    Map<String, Double> schedule = schedulerParams(t, steps);
    if (schedule.isEmpty()) {
      train.remove("lr_scheduler_params");
    } else {
      train.put(
          "lr_scheduler_params",
          numbers(schedule),
          schedule.equals(t.lrSchedulerParams()) ? null : schedulerComment(t));
    }
    train.put("cache_text_embeddings", t.cacheTextEmbeddings());
    ConfigNode.MapNode ema = train.child("ema_config");
    ema.put(
        "use_ema",
        t.ema().enabled(),
        t.ema().enabled() ? "the UI writes false; the guide trains with EMA" : null);
    ema.put("ema_decay", t.ema().decay(), t.ema().decay() == 0.99 ? null : "the UI writes 0.99");
    train.put("dtype", t.precision().key());
    if (t.validation().isPresent()) {
      train.put("validation_config", validation(project, t.validation().get()));
    } else {
      train.remove("validation_config");
    }

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
    model.put(
        "low_vram",
        t.lowVram(),
        t.lowVram()
            ? null
            : "the UI writes true; off loads faster on the 48 GB card this project targets");
    if (t.layerOffloading()) {
      model.put(
          "layer_offloading",
          true,
          q.qtype().equals("qfloat8") ? "the trainer then uses float8 for qfloat8" : null);
      model.put("layer_offloading_transformer_percent", t.layerOffloadingTransformerPercent());
      model.put("layer_offloading_text_encoder_percent", t.layerOffloadingTextEncoderPercent());
    } else {
      model.remove("layer_offloading");
      model.remove("layer_offloading_transformer_percent");
      model.remove("layer_offloading_text_encoder_percent");
    }
    if (t.matchTargetRes().isPresent()) {
      model.child("model_kwargs").put("match_target_res", t.matchTargetRes().get());
    } else {
      model.mapAt("model_kwargs").ifPresent(k -> k.remove("match_target_res"));
      if (model.mapAt("model_kwargs").map(k -> k.entries().isEmpty()).orElse(false)) {
        model.remove("model_kwargs");
      }
    }

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
      // qwen_image never uses dataset controls (no condition_noisy_latents; SDTrainer l.1463
      // needs an adapter): they would be read every step for nothing (audit row 19)
      if (f.controlFolders().isEmpty() || !AiToolkitKeys.EDIT_ARCHS.contains(project.arch())) {
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
      // each arch reads its own keys: qwen_image_edit only ctrl_img, edit-plus ctrl_img_1..3,
      // qwen_image none (audit rows 1, 12)
      List<String> keys = AiToolkitKeys.sampleControlKeys(project.arch());
      for (int c = 0; c < prompt.controlImages().size() && c < keys.size(); c++) {
        item.put(keys.get(c), join(project.dataset().root(), prompt.controlImages().get(c)));
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
    trainerRefusals(project, out);
    for (int i = 1; i < enums.length; i++) {
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

  /** What the targeted ai-toolkit build would raise on after loading the model. */
  private static void trainerRefusals(LoraProject project, List<Violation> out) {
    TrainingParameters t = project.training();
    TrainerVersion trainer = project.trainerVersion();
    t.optimizer()
        .stockImageFailure()
        .ifPresent(
            why ->
                out.add(
                    ConfigRules.violation(
                        TRAINER_REFUSES,
                        "train.optimizer",
                        null,
                        fmt("optimizer %s never constructs: %s", t.optimizer().key(), why),
                        "use adamw8bit, or prodigy for an adaptive step size")));
    Optional<String> scheduler = LrSchedulers.failure(t.lrScheduler());
    if (scheduler.isPresent()) {
      out.add(
          ConfigRules.violation(
              TRAINER_REFUSES,
              "train.lr_scheduler",
              null,
              fmt("lr_scheduler '%s' never constructs: %s", t.lrScheduler(), scheduler.get()),
              "use one of " + String.join(", ", LrSchedulers.names())));
    } else {
      Set<String> allowed = LrSchedulers.PARAMS.get(t.lrScheduler());
      for (String key : t.lrSchedulerParams().keySet()) {
        if (!allowed.contains(key)) {
          out.add(
              ConfigRules.violation(
                  TRAINER_REFUSES,
                  "train.lr_scheduler_params." + key,
                  null,
                  fmt(
                      "lr_scheduler_params.%s is not a parameter of %s, which raises a TypeError",
                      key, t.lrScheduler()),
                  "keep only " + String.join(", ", new java.util.TreeSet<>(allowed))));
        }
      }
    }
    Quantization q = t.quantization();
    if (q.enabled()
        && q.qtype().equalsIgnoreCase(QuantizationType.INT8_SINCE_2026_03)
        && !trainer.hasInt8()) {
      out.add(
          ConfigRules.violation(
              TRAINER_REFUSES,
              "model.qtype",
              null,
              fmt(
                  "qtype int8 exists only from 2026-03-30; ai-toolkit %s raises a KeyError",
                  trainer),
              "use qfloat8 or qint8, or target a build from 2026-03-30"));
    }
    if (!project.baseModel().supportedBy(trainer)) {
      out.add(
          ConfigRules.violation(
              TRAINER_REFUSES,
              "model.name_or_path",
              null,
              fmt(
                  "%s arrived in ai-toolkit on %s; %s does not know it",
                  project.baseModel().displayName(),
                  project.baseModel().aiToolkitSince().orElseThrow(),
                  trainer),
              "target a newer trainer version, or train an older base model"));
    }
  }

  /**
   * The scheduler parameters written: the project's, or for {@code linear} and {@code
   * constant_with_warmup} without them, the ones that make the name mean what it says (torch's
   * {@code LinearLR} default start_factor 1/3 makes the LR rise; the warm-up default is 1000 steps,
   * {@code toolkit/scheduler.py} l.33-44, audit row 15).
   */
  static Map<String, Double> schedulerParams(TrainingParameters t, int steps) {
    if (!t.lrSchedulerParams().isEmpty()) {
      return t.lrSchedulerParams();
    }
    switch (t.lrScheduler()) {
      case "linear":
        return orderedMap("start_factor", 1.0, "end_factor", 0.0);
      case "constant_with_warmup":
        // a warm-up of 5% of the run, at most the trainer's own 1000 steps
        return orderedMap(
            "num_warmup_steps", (double) Math.max(1, Math.min(1000, Math.round(steps * 0.05))));
      default:
        return Map.of();
    }
  }

  private static String schedulerComment(TrainingParameters t) {
    return t.lrScheduler().equals("linear")
        ? "linear decay to 0; without these torch's LinearLR rises from lr/3 to lr"
        : "5% of the run; without it the trainer warms up over 1000 steps";
  }

  private static Map<String, Double> orderedMap(Object... kv) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  /** A mapping of numbers, whole ones written as integers ({@code num_warmup_steps: 45}). */
  private static ConfigNode.MapNode numbers(Map<String, Double> values) {
    ConfigNode.MapNode m = ConfigNode.map();
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(values).entrySet()) {
      double v = e.getValue();
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        m.put(e.getKey(), (long) v);
      } else {
        m.put(e.getKey(), v);
      }
    }
    return m;
  }

  private static ConfigNode.MapNode validation(LoraProject project, ValidationSettings v) {
    ConfigNode.MapNode m = ConfigNode.map();
    ConfigNode.ListNode items = ConfigNode.list();
    for (ValidationSettings.Item item : v.items()) {
      ConfigNode.MapNode i = ConfigNode.map();
      i.put("image_path", join(project.dataset().root(), item.imagePath()));
      i.put("prompt", item.prompt().replace("[trigger]", project.trigger().value()));
      items.add(i);
    }
    m.put("validation_items", items);
    m.put("resolution", (long) v.resolution());
    m.put("validate_every_n_steps", (long) v.everyNSteps());
    ConfigNode.ListNode sigmas = ConfigNode.list();
    v.sigmas().forEach(sigmas::add);
    m.put("validation_sigmas", sigmas);
    return m;
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

  private static String header(LoraProject project, Optional<StepBudget> budget) {
    StringBuilder sb = new StringBuilder();
    sb.append("ai-toolkit config for ")
        .append(project.name().replace('\n', ' '))
        .append(", written by lorakit (")
        .append(project.baseModel().id())
        .append(", arch ")
        .append(project.aiToolkitArch())
        .append(")");
    sb.append("\nfor ai-toolkit ").append(project.trainerVersion());
    budget.ifPresent(b -> sb.append('\n').append(b.formula()));
    return sb.toString();
  }

  @Override
  public String toString() {
    return "AiToolkitWriter[training_folder=" + trainingFolder + "]";
  }
}
