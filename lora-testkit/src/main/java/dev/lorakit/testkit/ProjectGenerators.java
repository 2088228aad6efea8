package dev.lorakit.testkit;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.plan.BudgetRules;
import dev.lorakit.core.plan.MemoryEstimate;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.rules.BatchRules;
import dev.lorakit.core.rules.CompositionRules;
import dev.lorakit.core.rules.ControlRules;
import dev.lorakit.core.rules.LengthRules;
import dev.lorakit.core.rules.ModelConstraints;
import dev.lorakit.core.rules.NetworkRules;
import dev.lorakit.core.rules.OptimizerRules;
import dev.lorakit.core.rules.QuantizationRules;
import dev.lorakit.core.rules.ResolutionRules;
import dev.lorakit.core.rules.SamplingRules;
import dev.lorakit.core.rules.TrainerRules;
import dev.lorakit.core.rules.TriggerRules;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Random lorakit projects for property tests, driven by any {@link RandomGenerator} so that any
 * property-testing library (or a plain loop) can use them.
 *
 * <pre>{@code
 * RandomGenerator rng = new SplittableRandom(seed);
 * LoraProject ok = ProjectGenerators.validProject(rng);          // no errors, no warnings
 * LoraProject bad = ProjectGenerators.brokenProject(rng, "network.rank-too-high");
 * }</pre>
 */
public final class ProjectGenerators {
  private static final String[] SYLLABLES = {
    "ka", "zu", "mi", "ro", "xe", "vy", "ql", "on", "ta", "wx", "sk", "ir"
  };
  private static final Map<String, BiFunction<LoraProject, RandomGenerator, LoraProject>> BREAKERS =
      breakers();

  private ProjectGenerators() {}

  /**
   * A project that the {@code qwen-character} profile accepts without any error or warning: rank
   * 16-64, lr 5e-5..5e-4, 8-15 epochs, composition near the guide's 70/30 and 4:1, control folders
   * and control sample images for edit models.
   */
  public static LoraProject validProject(RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    BaseModel model = pick(rng, BaseModel.values());
    String trigger = word(rng) + "_char";
    boolean edit = model.needsControlImages();
    int controls = edit ? 1 + rng.nextInt(model.maxControlImages()) : 0;

    int characterImages = 40 + rng.nextInt(61);
    int bodyImages = (int) Math.round(characterImages * (0.3 + rng.nextDouble() * 0.3));
    int bodyRepeats = 10 + rng.nextInt(21);
    double ratio = 3.4 + rng.nextDouble() * 1.2;
    int characterRepeats =
        Math.max(1, (int) Math.round(ratio * bodyImages * bodyRepeats / characterImages));
    String name = trigger.replace("_char", "") + "_lora";
    List<String> controlFolders = new ArrayList<>();
    for (int i = 1; i <= controls; i++) {
      controlFolders.add("control_" + i);
    }
    DatasetSpec dataset =
        DatasetSpec.builder()
            .root("dataset")
            .addFolder(folder(characterRepeats + "_" + trigger, characterImages, controlFolders))
            .addFolder(
                folder(bodyRepeats + "_" + trigger + "_realbody", bodyImages, controlFolders))
            .build();

    int rank = pick(rng, new Integer[] {16, 16, 24, 32, 48, 64});
    List<Integer> resolutions = new ArrayList<>(List.of(1024));
    if (rng.nextBoolean()) {
      resolutions.add(0, 768);
      if (rng.nextBoolean()) {
        resolutions.add(0, 512);
      }
    }
    boolean cacheText = rng.nextBoolean();
    int epochs = 8 + rng.nextInt(8);
    TrainingParameters training =
        TrainingParameters.builder()
            .network(NetworkSettings.builder().rank(rank).build())
            .learningRate(5e-5 + rng.nextDouble() * 4.5e-4)
            .length(TrainingLength.epochs(epochs))
            .batchSize(cacheText && !edit ? 1 + rng.nextInt(2) : 1)
            .gradientAccumulation(1 + rng.nextInt(4))
            .quantization(quantization(rng, model))
            .ema(EmaSettings.of(rng.nextBoolean(), 0.99 + rng.nextDouble() * 0.0099))
            .resolutions(resolutions)
            .cacheTextEmbeddings(cacheText)
            .captionDropoutRate(rng.nextDouble() * 0.1)
            .save(SavePolicy.builder().keep(epochs + rng.nextInt(3)).build())
            .build();

    List<SamplePrompt> prompts = new ArrayList<>();
    String[] framings = {"portrait", "full body", "cowboy shot", "closeup", "upper body"};
    int promptCount = 1 + rng.nextInt(4);
    for (int i = 0; i < promptCount; i++) {
      String prompt = "[trigger], " + framings[rng.nextInt(framings.length)] + ", soft lighting";
      List<String> images = new ArrayList<>();
      for (String c : controlFolders) {
        images.add(c + "/sample_" + i + ".png");
      }
      prompts.add(SamplePrompt.of(prompt, images));
    }
    LoraProject project =
        LoraProject.builder()
            .name(name)
            .trigger(TriggerWord.of(trigger))
            .baseModel(model)
            .dataset(dataset)
            .training(training)
            .sampling(SamplingSettings.builder().prompts(prompts).build())
            .build();
    if (MemoryEstimate.of(project).fits(project.hardware().memoryGb())) {
      return project;
    }
    // Several control images at high rank need the text encoder unloaded to fit 48 GB.
    return LoraProject.builder()
        .from(project)
        .training(
            TrainingParameters.builder()
                .from(training)
                .cacheTextEmbeddings(true)
                .batchSize(1)
                .build())
        .build();
  }

  /** The rule ids {@link #brokenProject} can break, sorted. */
  public static Set<String> breakableRules() {
    return Collections.unmodifiableSet(new java.util.TreeSet<>(BREAKERS.keySet()));
  }

  /**
   * A valid project changed so that it violates {@code ruleId} (and possibly other rules too).
   *
   * @throws IllegalArgumentException when the rule is not in {@link #breakableRules()}
   */
  public static LoraProject brokenProject(RandomGenerator rng, String ruleId) {
    BiFunction<LoraProject, RandomGenerator, LoraProject> breaker = BREAKERS.get(ruleId);
    if (breaker == null) {
      throw new IllegalArgumentException("no generator breaks rule " + ruleId);
    }
    return breaker.apply(validProject(rng), rng);
  }

  /**
   * A project with arbitrary, often absurd values (negative ranks, NaN rates, empty lists, huge
   * repeats): for "never throws, always reports" properties.
   */
  public static LoraProject arbitraryProject(RandomGenerator rng) {
    LoraProject base = validProject(rng);
    double[] doubles = {Double.NaN, -1, 0, 1e-12, 2e-4, 1, 1e9, Double.POSITIVE_INFINITY};
    int[] ints = {Integer.MIN_VALUE, -1, 0, 1, 3, 16, 1 << 20, Integer.MAX_VALUE};
    List<DatasetFolder> folders = new ArrayList<>();
    int folderCount = rng.nextInt(4);
    for (int i = 0; i < folderCount; i++) {
      DatasetFolder f =
          DatasetFolder.builder()
              .path(rng.nextBoolean() ? "" : ints[rng.nextInt(ints.length)] + "_x" + i)
              .repeats(ints[rng.nextInt(ints.length)])
              .role(pick(rng, FolderRole.values()))
              .build();
      folders.add(rng.nextBoolean() ? f.withImageCount(ints[rng.nextInt(ints.length)]) : f);
    }
    TrainingLength length =
        rng.nextBoolean()
            ? TrainingLength.epochs(ints[rng.nextInt(ints.length)])
            : TrainingLength.of(ints[rng.nextInt(ints.length)], ints[rng.nextInt(ints.length)]);
    List<Integer> resolutions = new ArrayList<>();
    int resolutionCount = rng.nextInt(4);
    for (int i = 0; i < resolutionCount; i++) {
      resolutions.add(ints[rng.nextInt(ints.length)]);
    }
    return LoraProject.builder()
        .from(base)
        .name(rng.nextBoolean() ? "" : "a b/c")
        .trigger(TriggerWord.of(rng.nextBoolean() ? "" : word(rng)))
        .archOverride(rng.nextBoolean() ? "qwen_image" : "unknown_arch")
        .dataset(DatasetSpec.builder().folders(folders).build())
        .training(
            TrainingParameters.builder()
                .network(
                    NetworkSettings.builder()
                        .type(pick(rng, NetworkType.values()))
                        .rank(ints[rng.nextInt(ints.length)])
                        .alpha(doubles[rng.nextInt(doubles.length)])
                        .build())
                .learningRate(doubles[rng.nextInt(doubles.length)])
                .length(length)
                .batchSize(ints[rng.nextInt(ints.length)])
                .gradientAccumulation(ints[rng.nextInt(ints.length)])
                .gradientAccumulationSteps(ints[rng.nextInt(ints.length)])
                .resolutions(resolutions)
                .captionDropoutRate(doubles[rng.nextInt(doubles.length)])
                .ema(EmaSettings.of(rng.nextBoolean(), doubles[rng.nextInt(doubles.length)]))
                .quantization(
                    Quantization.builder()
                        .qtype(rng.nextBoolean() ? "uint3" : "x" + word(rng))
                        .accuracyRecoveryAdapter(
                            rng.nextBoolean() ? "a/b/c/d" : "/local.safetensors")
                        .build())
                .save(
                    SavePolicy.builder()
                        .saveEvery(ints[rng.nextInt(ints.length)])
                        .keep(ints[rng.nextInt(ints.length)])
                        .build())
                .build())
        .build();
  }

  // ------------------------------------------------------------------ breakers

  private static Map<String, BiFunction<LoraProject, RandomGenerator, LoraProject>> breakers() {
    Map<String, BiFunction<LoraProject, RandomGenerator, LoraProject>> m = new LinkedHashMap<>();
    m.put(
        ModelConstraints.INVALID_VALUE.id(),
        (p, r) -> training(p, t -> t.batchSize(-r.nextInt(3))));
    m.put(
        NetworkRules.RANK_OUT_OF_RANGE.id(),
        (p, r) -> rank(p, r.nextBoolean() ? 2 + r.nextInt(14) : 65 + r.nextInt(63)));
    m.put(NetworkRules.RANK_TOO_HIGH.id(), (p, r) -> rank(p, 128 + r.nextInt(385)));
    m.put(
        NetworkRules.ALPHA_IGNORED.id(),
        (p, r) -> {
          int rank = p.training().network().rank();
          return training(
              p,
              t ->
                  t.network(
                      NetworkSettings.builder()
                          .rank(rank)
                          .alpha(r.nextBoolean() ? rank * 2.0 : rank / 2.0)
                          .build()));
        });
    m.put(
        NetworkRules.TYPE_NOT_LORA.id(),
        (p, r) ->
            training(
                p,
                t ->
                    t.network(
                        NetworkSettings.builder()
                            .from(p.training().network())
                            .type(NetworkType.LOKR)
                            .build())));
    m.put(
        OptimizerRules.LR_TOO_LOW.id(),
        (p, r) -> training(p, t -> t.learningRate(1e-6 + r.nextDouble() * 4.8e-5)));
    m.put(
        OptimizerRules.LR_TOO_HIGH.id(),
        (p, r) -> training(p, t -> t.learningRate(6e-4 + r.nextDouble() * 1e-2)));
    m.put(LengthRules.EPOCHS_TOO_FEW.id(), (p, r) -> epochs(p, 1 + r.nextInt(7)));
    m.put(LengthRules.EPOCHS_TOO_MANY.id(), (p, r) -> epochs(p, 16 + r.nextInt(34)));
    m.put(LengthRules.EPOCHS_STYLE_REGIME.id(), (p, r) -> epochs(p, 50 + r.nextInt(151)));
    m.put(
        LengthRules.STEPS_EPOCHS_INCONSISTENT.id(),
        (p, r) -> {
          int epochs = p.training().length().epochs().orElse(10);
          int steps = StepBudget.compute(p).orElseThrow().totalSteps() * 2 + 5 + r.nextInt(100);
          return training(p, t -> t.length(TrainingLength.of(epochs, steps)));
        });
    m.put(
        BatchRules.LEGACY_ACCUMULATION.id(),
        (p, r) ->
            training(
                p, t -> t.gradientAccumulation(1).gradientAccumulationSteps(2 + r.nextInt(7))));
    m.put(
        BatchRules.BOTH_ACCUMULATION.id(),
        (p, r) ->
            training(
                p,
                t ->
                    t.gradientAccumulation(2 + r.nextInt(3))
                        .gradientAccumulationSteps(2 + r.nextInt(7))));
    m.put(
        QuantizationRules.UNKNOWN_QTYPE.id(),
        (p, r) ->
            quant(
                p,
                Quantization.builder()
                    .qtype(pick(r, new String[] {"int4", "fp8", "nf4", "q8"}))
                    .build()));
    m.put(
        QuantizationRules.LOW_BIT_WITHOUT_ADAPTER.id(),
        (p, r) ->
            quant(
                p,
                Quantization.builder()
                    .qtype(pick(r, new String[] {"uint4", "qint4", "uint3", "qint2"}))
                    .build()));
    m.put(
        QuantizationRules.ADAPTER_PATH_MALFORMED.id(),
        (p, r) ->
            quant(
                p,
                Quantization.builder()
                    .qtype("uint3")
                    .accuracyRecoveryAdapter(
                        r.nextBoolean()
                            ? "qwen_image_torchao_uint3.safetensors"
                            : "ostris/accuracy_recovery_adapters/extra/qwen_image_torchao_uint3.safetensors")
                    .build()));
    m.put(
        QuantizationRules.ADAPTER_WRONG_MODEL.id(),
        (p, r) -> {
          List<BaseModel> others = new ArrayList<>(List.of(BaseModel.values()));
          others.remove(p.baseModel());
          BaseModel other = others.get(r.nextInt(others.size()));
          return quant(
              p,
              Quantization.builder()
                  .qtype("uint3")
                  .accuracyRecoveryAdapter(other.accuracyRecoveryAdapters().get(0))
                  .build());
        });
    m.put(
        QuantizationRules.ADAPTER_BITS_MISMATCH.id(),
        (p, r) ->
            quant(
                p,
                Quantization.builder()
                    .qtype(pick(r, new String[] {"uint4", "uint2", "qint4", "qfloat8"}))
                    .accuracyRecoveryAdapter(p.baseModel().accuracyRecoveryAdapters().get(0))
                    .build()));
    m.put(
        QuantizationRules.INT8_NEEDS_RECENT_TRAINER.id(),
        // int8 arrived in ai-toolkit 17153583 (2026-03-30); target a build from before it
        (p, r) ->
            LoraProject.builder()
                .from(quant(p, Quantization.builder().qtype("int8").build()))
                .trainerVersion(TrainerVersion.of(LocalDate.of(2026, 3, 1)))
                .build());
    m.put(
        TrainerRules.TEXT_ENCODER_TRAINING.id(),
        (p, r) -> training(p, t -> t.trainTextEncoder(true)));
    m.put(
        OptimizerRules.SCHEDULER_NOT_FLOWMATCH.id(),
        (p, r) ->
            training(p, t -> t.noiseScheduler(pick(r, new String[] {"ddpm", "euler", "lms"}))));
    m.put(
        OptimizerRules.EMA_DECAY_OUT_OF_RANGE.id(),
        (p, r) -> training(p, t -> t.ema(EmaSettings.of(true, 0.5 + r.nextDouble() * 0.48))));
    m.put(
        TrainerRules.CAPTION_DROPOUT_OUT_OF_RANGE.id(),
        (p, r) -> training(p, t -> t.captionDropoutRate(0.11 + r.nextDouble() * 0.8)));
    m.put(
        TrainerRules.MEMORY_EXCEEDED.id(),
        (p, r) ->
            LoraProject.builder()
                .from(p)
                .hardware(
                    dev.lorakit.core.project.HardwareTarget.builder()
                        .gpuType("NVIDIA GeForce RTX 4090")
                        .memoryGb(r.nextBoolean() ? 24 : 16)
                        .build())
                .training(
                    TrainingParameters.builder()
                        .from(p.training())
                        .quantization(Quantization.builder().qtype("qfloat8").build())
                        .build())
                .build());
    m.put(
        TrainerRules.LATENTS_NOT_CACHED.id(),
        (p, r) -> training(p, t -> t.cacheLatentsToDisk(false)));
    m.put(
        BatchRules.EDIT_WITHOUT_CACHED_EMBEDDINGS.id(),
        (p, r) -> {
          LoraProject edit = withModel(p, BaseModel.QWEN_IMAGE_EDIT_2509);
          return training(edit, t -> t.batchSize(2 + r.nextInt(3)).cacheTextEmbeddings(false));
        });
    m.put(
        TrainerRules.NAME_NOT_FILE_SAFE.id(),
        (p, r) ->
            LoraProject.builder()
                .from(p)
                .name(p.name() + pick(r, new String[] {" v2", "/x", "é?"}))
                .build());
    m.put(
        LengthRules.SAVE_EVERY_NOT_ONE_EPOCH.id(),
        (p, r) -> {
          int epoch = StepBudget.compute(p).orElseThrow().oneEpochSaveEvery();
          return training(
              p,
              t ->
                  t.save(
                      SavePolicy.builder()
                          .from(p.training().save())
                          .saveEvery(epoch + 1 + r.nextInt(epoch))
                          .build()));
        });
    m.put(
        LengthRules.FEWER_KEPT_THAN_SAVES.id(),
        (p, r) ->
            training(
                p,
                t ->
                    t.save(
                        SavePolicy.builder()
                            .from(p.training().save())
                            .keep(1 + r.nextInt(5))
                            .build())));
    m.put(
        ResolutionRules.DUPLICATES.id(),
        (p, r) -> {
          List<Integer> res = new ArrayList<>(p.training().resolutions());
          res.add(res.get(r.nextInt(res.size())));
          return training(p, t -> t.resolutions(res));
        });
    m.put(
        ResolutionRules.BELOW_1024.id(),
        (p, r) ->
            training(p, t -> t.resolutions(r.nextBoolean() ? List.of(512, 768) : List.of(768))));
    m.put(
        ResolutionRules.NOT_MULTIPLE_OF_32.id(),
        (p, r) -> training(p, t -> t.resolutions(List.of(1000 + r.nextInt(20), 1024))));
    m.put(TriggerRules.EMPTY.id(), (p, r) -> trigger(p, r.nextBoolean() ? "" : "   "));
    m.put(
        TriggerRules.CLASS_WORD.id(),
        (p, r) -> trigger(p, pick(r, new String[] {"woman", "person", "girl", "man", "Lady"})));
    m.put(TriggerRules.HAS_SPACES.id(), (p, r) -> trigger(p, word(r) + " " + word(r)));
    m.put(
        TriggerRules.DICTIONARY_WORD.id(),
        (p, r) -> trigger(p, pick(r, new String[] {"ship", "lantern", "harbor", "violet"})));
    m.put(
        ControlRules.MISSING_FOLDERS.id(),
        (p, r) -> {
          LoraProject edit = withModel(p, BaseModel.QWEN_IMAGE_EDIT_2509);
          return withControls(edit, 0);
        });
    m.put(
        ControlRules.TOO_MANY_FOLDERS.id(),
        (p, r) -> withControls(withModel(p, BaseModel.QWEN_IMAGE_EDIT_2509), 4 + r.nextInt(3)));
    m.put(
        ControlRules.TEXT_ONLY_WORKAROUND.id(),
        (p, r) ->
            LoraProject.builder()
                .from(
                    withModel(
                        p,
                        pick(
                            r,
                            new BaseModel[] {
                              BaseModel.QWEN_IMAGE_EDIT, BaseModel.QWEN_IMAGE_EDIT_2509
                            })))
                .archOverride("qwen_image")
                .build());
    m.put(
        BudgetRules.NO_TRAINING_FOLDERS.id(),
        (p, r) -> LoraProject.builder().from(p).dataset(DatasetSpec.builder().build()).build());
    m.put(
        CompositionRules.BODY_FOLDER_MISSING.id(),
        (p, r) -> dataset(p, p.dataset().foldersWithRole(FolderRole.CHARACTER)));
    m.put(
        CompositionRules.CHARACTER_BODY_RATIO.id(),
        (p, r) -> {
          List<DatasetFolder> folders = new ArrayList<>();
          for (DatasetFolder f : p.dataset().folders()) {
            int count = f.imageCount().orElse(1);
            folders.add(
                f.role() == FolderRole.BODY_REALISM
                    ? f.withImageCount(r.nextBoolean() ? Math.max(1, count / 8) : count * 4)
                    : f);
          }
          return dataset(p, folders);
        });
    m.put(
        CompositionRules.REPEATS_RATIO.id(),
        (p, r) -> {
          List<DatasetFolder> folders = new ArrayList<>();
          for (DatasetFolder f : p.dataset().folders()) {
            folders.add(
                f.role() == FolderRole.BODY_REALISM
                    ? DatasetFolder.builder()
                        .from(f)
                        .repeats(f.repeats() * (r.nextBoolean() ? 3 : 8))
                        .build()
                    : f);
          }
          return dataset(p, folders);
        });
    m.put(
        CompositionRules.REGULARIZATION_NOT_NEEDED.id(),
        (p, r) -> {
          List<DatasetFolder> folders = new ArrayList<>(p.dataset().folders());
          folders.add(
              DatasetFolder.fromFolderName("1_woman_reg").withImageCount(10 + r.nextInt(100)));
          return dataset(p, folders);
        });
    m.put(
        BudgetRules.COUNTS_UNKNOWN.id(),
        (p, r) -> {
          List<DatasetFolder> folders = new ArrayList<>();
          for (DatasetFolder f : p.dataset().folders()) {
            folders.add(
                DatasetFolder.builder().from(f).imageCount(java.util.OptionalInt.empty()).build());
          }
          return dataset(p, folders);
        });
    m.put(
        SamplingRules.PROMPT_MISSING_TRIGGER.id(),
        (p, r) ->
            samples(p, List.of(SamplePrompt.of("a portrait, soft lighting", controlImages(p)))));
    m.put(
        SamplingRules.MISSING_CONTROL_IMAGE.id(),
        (p, r) -> {
          LoraProject edit = withModel(p, BaseModel.QWEN_IMAGE_EDIT_2509);
          return samples(edit, List.of(SamplePrompt.of("[trigger], portrait")));
        });
    m.put(
        SamplingRules.PROMPT_HAS_FLAG.id(),
        (p, r) ->
            samples(
                p,
                List.of(
                    SamplePrompt.of(
                        r.nextBoolean() ? "[trigger], portrait --n blurry" : "[trigger], ${HOME}",
                        controlImages(p)))));
    return Collections.unmodifiableMap(m);
  }

  // ------------------------------------------------------------------ helpers

  private static DatasetFolder folder(String path, int images, List<String> controls) {
    return DatasetFolder.builder()
        .from(DatasetFolder.fromFolderName(path))
        .controlFolders(controls)
        .imageCount(images)
        .build();
  }

  private static LoraProject training(
      LoraProject p,
      java.util.function.UnaryOperator<
              dev.lorakit.core.training.ImmutableTrainingParameters.Builder>
          change) {
    return LoraProject.builder()
        .from(p)
        .training(change.apply(TrainingParameters.builder().from(p.training())).build())
        .build();
  }

  private static Quantization quantization(RandomGenerator rng, BaseModel model) {
    if (rng.nextInt(4) == 0) {
      return Quantization.builder()
          .qtype("uint3")
          .accuracyRecoveryAdapter(model.accuracyRecoveryAdapters().get(0))
          .build();
    }
    return Quantization.builder()
        .qtype(pick(rng, new String[] {"qfloat8", "qint8", "float8"}))
        .build();
  }

  private static LoraProject rank(LoraProject p, int rank) {
    return training(p, t -> t.network(NetworkSettings.builder().rank(rank).build()));
  }

  private static LoraProject epochs(LoraProject p, int epochs) {
    return training(
        p,
        t ->
            t.length(TrainingLength.epochs(epochs))
                .save(
                    SavePolicy.builder()
                        .from(p.training().save())
                        .keep(Math.max(epochs, 1))
                        .build()));
  }

  private static LoraProject quant(LoraProject p, Quantization q) {
    return training(p, t -> t.quantization(q));
  }

  private static LoraProject trigger(LoraProject p, String trigger) {
    return LoraProject.builder().from(p).trigger(TriggerWord.of(trigger)).build();
  }

  private static LoraProject dataset(LoraProject p, List<DatasetFolder> folders) {
    return LoraProject.builder()
        .from(p)
        .dataset(DatasetSpec.builder().from(p.dataset()).folders(folders).build())
        .build();
  }

  private static LoraProject samples(LoraProject p, List<SamplePrompt> prompts) {
    return LoraProject.builder()
        .from(p)
        .sampling(SamplingSettings.builder().from(p.sampling()).prompts(prompts).build())
        .build();
  }

  private static List<String> controlImages(LoraProject p) {
    List<String> images = new ArrayList<>();
    for (String c : p.dataset().folders().get(0).controlFolders()) {
      images.add(c + "/sample.png");
    }
    return images;
  }

  /** The project on another base model, with one control folder and control sample images. */
  private static LoraProject withModel(LoraProject p, BaseModel model) {
    LoraProject moved =
        LoraProject.builder()
            .from(p)
            .baseModel(model)
            .training(
                TrainingParameters.builder()
                    .from(p.training())
                    .quantization(Quantization.builder().build())
                    .build())
            .build();
    return withControls(moved, model.needsControlImages() ? 1 : 0);
  }

  private static LoraProject withControls(LoraProject p, int count) {
    List<String> controls = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      controls.add("control_" + i);
    }
    List<DatasetFolder> folders = new ArrayList<>();
    for (DatasetFolder f : p.dataset().folders()) {
      folders.add(DatasetFolder.builder().from(f).controlFolders(controls).build());
    }
    List<SamplePrompt> prompts = new ArrayList<>();
    for (SamplePrompt s : p.sampling().prompts()) {
      List<String> images = new ArrayList<>();
      for (String c : controls) {
        images.add(c + "/sample.png");
      }
      prompts.add(SamplePrompt.of(s.prompt(), images));
    }
    return samples(dataset(p, folders), prompts);
  }

  private static String word(RandomGenerator rng) {
    StringBuilder sb = new StringBuilder();
    int n = 2 + rng.nextInt(2);
    for (int i = 0; i < n; i++) {
      sb.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static <T> T pick(RandomGenerator rng, T[] values) {
    return values[rng.nextInt(values.length)];
  }
}
