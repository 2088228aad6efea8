package dev.lorakit.yaml;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.dataset.ImmutableDatasetFolder;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ImmutableLoraProject;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.EmaSettings;
import dev.lorakit.core.training.NetworkSettings;
import dev.lorakit.core.training.Optimizer;
import dev.lorakit.core.training.Precision;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Projects for tests: the guide's project, and random projects the writer accepts. */
final class TestProjects {
  private TestProjects() {}

  static String resource(String name) {
    try {
      return Files.readString(config(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A config of {@code src/test/resources/configs}, found on the test classpath rather than from
   * the working directory, so the tests also run from another module (the mutation profile runs
   * every module's tests from {@code docs}).
   */
  static Path config(String name) {
    try {
      java.net.URL url = TestProjects.class.getResource("/configs/" + name);
      if (url == null) {
        throw new IllegalArgumentException("no test config " + name);
      }
      return Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static DatasetFolder folder(String path, int images, String... controls) {
    return ImmutableDatasetFolder.copyOf(DatasetFolder.fromFolderName(path))
        .withImageCount(images)
        .withControlFolders(List.of(controls));
  }

  /** The guide's project as written: Edit-2509, 70 + 30 images, no control images. */
  static LoraProject guide() {
    return LoraProject.builder()
        .name("qwen_character_lora")
        .trigger(TriggerWord.of("maya_char"))
        .dataset(
            DatasetSpec.builder()
                .addFolder(folder("40_maya_char", 70))
                .addFolder(folder("20_maya_char_realbody", 30))
                .build())
        .build();
  }

  /** The guide's project with a control folder per training folder and per sample. */
  static LoraProject guideWithControls() {
    ImmutableLoraProject p = ImmutableLoraProject.copyOf(guide());
    return p.withDataset(
            DatasetSpec.builder()
                .addFolder(folder("40_maya_char", 70, "control/40_maya_char"))
                .addFolder(folder("20_maya_char_realbody", 30, "control/20_maya_char_realbody"))
                .build())
        .withSampling(
            SamplingSettings.builder()
                .addPrompt(
                    SamplePrompt.of("[trigger], portrait, smiling", List.of("control/a.png")))
                .addPrompt(SamplePrompt.of("[trigger], full body", List.of("control/b.png")))
                .build());
  }

  private static final String[] WORDS = {
    "portrait", "smiling", "full body", "standing", "studio lighting", "park", "red dress"
  };

  /** A random project that should pass the writer's checks; the seed reproduces it. */
  static LoraProject random(long seed) {
    Random r = new Random(seed);
    BaseModel base = BaseModel.values()[r.nextInt(BaseModel.values().length)];
    boolean workaround = base.needsControlImages() && r.nextInt(3) == 0;
    boolean controls = base.needsControlImages() && !workaround;
    String root = pick(r, "dataset", "/data/char", "work/sets/maya");
    String trigger = "zq" + letters(r, 3 + r.nextInt(4)) + "_char";
    boolean counts = r.nextInt(5) != 0;

    var spec = DatasetSpec.builder().root(root);
    int nFolders = 1 + r.nextInt(3);
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < nFolders; i++) {
      String name =
          pick(
              r,
              (10 + r.nextInt(40)) + "_" + letters(r, 4),
              letters(r, 5) + "_realbody",
              "reg_" + letters(r, 3),
              letters(r, 6));
      if (!names.add(name)) {
        continue;
      }
      var f = ImmutableDatasetFolder.copyOf(DatasetFolder.fromFolderName(name));
      if (f.role() == FolderRole.CONTROL) {
        continue;
      }
      f = f.withRepeats(1 + r.nextInt(40));
      if (counts) {
        f = f.withImageCount(1 + r.nextInt(80));
      }
      if (controls) {
        int n = 1 + r.nextInt(base.maxControlImages());
        List<String> c = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          c.add("control" + k + "_" + name);
        }
        f = f.withControlFolders(c);
      }
      spec.addFolder(f);
    }

    int rank = pick(r, 16, 32, 8, 64);
    List<Integer> resolutions = new ArrayList<>(new TreeSet<>(List.of(pick(r, 512, 768), 1024)));
    if (r.nextBoolean()) {
      resolutions = List.of(1024);
    }
    boolean legacy = r.nextInt(6) == 0;
    var t =
        TrainingParameters.builder()
            .network(
                NetworkSettings.builder()
                    .rank(rank)
                    .alpha(r.nextInt(4) == 0 ? rank / 2.0 : rank)
                    .build())
            .optimizer(
                pick(
                    r,
                    Optimizer.ADAMW8BIT,
                    Optimizer.ADAMW,
                    Optimizer.PRODIGY,
                    Optimizer.ADAFACTOR))
            .learningRate(pick(r, 2e-4, 1e-4, 3.5e-4, 0.00015))
            .lrScheduler(pick(r, "constant", "cosine"))
            .batchSize(base == BaseModel.QWEN_IMAGE_EDIT_2509 ? 1 : 1 + r.nextInt(2))
            .gradientAccumulation(legacy ? 1 : 1 + r.nextInt(4))
            .gradientAccumulationSteps(legacy ? 2 + r.nextInt(3) : 1)
            .quantization(quantization(r, base))
            .ema(EmaSettings.of(r.nextBoolean(), pick(r, 0.999, 0.99, 0.9995)))
            .precision(pick(r, Precision.BF16, Precision.FP16))
            .resolutions(resolutions)
            .cacheLatentsToDisk(r.nextInt(4) != 0)
            .cacheTextEmbeddings(r.nextBoolean())
            .captionDropoutRate(pick(r, 0.05, 0.0, 0.1))
            .shuffleTokens(r.nextBoolean())
            .trainTextEncoder(false)
            .gradientCheckpointing(r.nextBoolean())
            .timestepType(pick(r, "weighted", "sigmoid", "linear"))
            .save(
                SavePolicy.builder()
                    .keep(1 + r.nextInt(20))
                    .dtype(pick(r, Precision.FP16, Precision.BF16))
                    .saveEvery(
                        counts && r.nextBoolean()
                            ? java.util.OptionalInt.empty()
                            : java.util.OptionalInt.of(50 + r.nextInt(500)))
                    .build());
    if (counts && r.nextBoolean()) {
      t.length(TrainingLength.epochs(4 + r.nextInt(12)));
    } else {
      t.length(TrainingLength.steps(500 + r.nextInt(5000)));
    }
    if (r.nextBoolean()) {
      t.seed(r.nextInt(100000));
    }

    var s =
        SamplingSettings.builder()
            .width(pick(r, 1024, 768))
            .height(pick(r, 1024, 1280))
            .guidanceScale(pick(r, 3.5, 4.0, 2.75))
            .sampleSteps(20 + r.nextInt(20))
            .seed(r.nextInt(1000))
            .negativePrompt(pick(r, "", "blurry, low quality"));
    if (r.nextBoolean()) {
      s.sampleEvery(100 + r.nextInt(400));
    }
    int nPrompts = 1 + r.nextInt(3);
    for (int i = 0; i < nPrompts; i++) {
      String prompt =
          "[trigger], " + WORDS[r.nextInt(WORDS.length)] + ", " + WORDS[r.nextInt(WORDS.length)];
      List<String> images = new ArrayList<>();
      if (controls) {
        int n = 1 + r.nextInt(base.maxControlImages());
        for (int k = 0; k < n; k++) {
          images.add("control" + k + "/" + letters(r, 4) + ".png");
        }
      }
      s.addPrompt(SamplePrompt.of(prompt, images));
    }

    var p =
        LoraProject.builder()
            .name(letters(r, 5) + "_lora")
            .trigger(TriggerWord.of(trigger))
            .baseModel(base)
            .dataset(spec.build())
            .training(t.build())
            .sampling(s.build());
    if (workaround) {
      p.archOverride("qwen_image");
    }
    return p.build();
  }

  private static Quantization quantization(Random r, BaseModel base) {
    switch (r.nextInt(4)) {
      case 0:
        return Quantization.builder().qtype("qfloat8").build();
      case 1:
        return Quantization.builder().qtype("qint8").quantizeTextEncoder(r.nextBoolean()).build();
      case 2:
        return Quantization.builder()
            .qtype("uint3")
            .accuracyRecoveryAdapter(base.accuracyRecoveryAdapters().get(0))
            .build();
      default:
        return Quantization.builder().enabled(false).quantizeTextEncoder(false).build();
    }
  }

  /**
   * What an ai-toolkit config can say about a project: its length in steps, explicit save and
   * sample intervals, training folders only, no image counts, default evaluation and hardware.
   */
  static LoraProject asConfigSees(LoraProject p) {
    var budget = StepBudget.compute(p);
    int steps =
        budget
            .map(StepBudget::totalSteps)
            .orElseGet(() -> p.training().length().steps().getAsInt());
    int saveEvery =
        budget
            .map(StepBudget::saveEvery)
            .orElseGet(() -> p.training().save().saveEvery().getAsInt());
    int sampleEvery =
        p.sampling().sampleEvery().isPresent()
            ? p.sampling().sampleEvery().getAsInt()
            : budget.map(StepBudget::oneEpochSaveEvery).orElse(saveEvery);
    List<DatasetFolder> folders = new ArrayList<>();
    for (DatasetFolder f : p.dataset().trainingFolders()) {
      folders.add(ImmutableDatasetFolder.copyOf(f).withImageCount(java.util.OptionalInt.empty()));
    }
    TrainingParameters t = p.training();
    var training =
        dev.lorakit.core.training.ImmutableTrainingParameters.copyOf(t)
            .withLength(TrainingLength.steps(steps))
            .withSave(
                dev.lorakit.core.training.ImmutableSavePolicy.copyOf(t.save())
                    .withSaveEvery(saveEvery));
    return ImmutableLoraProject.copyOf(p)
        .withDataset(
            dev.lorakit.core.dataset.ImmutableDatasetSpec.copyOf(p.dataset()).withFolders(folders))
        .withTraining(training)
        .withSampling(
            dev.lorakit.core.project.ImmutableSamplingSettings.copyOf(p.sampling())
                .withSampleEvery(sampleEvery)
                .withPrompts(
                    p.sampling().prompts().stream()
                        .map(
                            sp ->
                                SamplePrompt.of(
                                    AiToolkitWriter.withTrigger(sp.prompt(), p.trigger().value()),
                                    sp.controlImages()))
                        .collect(java.util.stream.Collectors.toList())))
        .withEvaluation(dev.lorakit.core.project.EvaluationSettings.builder().build())
        .withHardware(dev.lorakit.core.project.HardwareTarget.builder().build());
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static String letters(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  /** Every key path of a config tree that is not in ai-toolkit's key set. */
  static List<String> unknownKeys(ConfigNode root) {
    List<String> out = new ArrayList<>();
    ConfigNode.MapNode top = (ConfigNode.MapNode) root;
    check(top, AiToolkitKeys.TOP, "", out);
    top.mapAt("config").ifPresent(c -> check(c, AiToolkitKeys.CONFIG, "config", out));
    ConfigImporter.process(root)
        .ifPresent(
            p -> {
              check(p, AiToolkitKeys.PROCESS, "process", out);
              AiToolkitKeys.PROCESS_SECTIONS.forEach(
                  (k, v) -> p.mapAt(k).ifPresent(m -> check(m, v, k, out)));
              p.mapAt("train")
                  .flatMap(t -> t.mapAt("ema_config"))
                  .ifPresent(m -> check(m, AiToolkitKeys.EMA, "ema_config", out));
              ConfigImporter.maps(p.listAt("datasets"))
                  .forEach(d -> check(d, AiToolkitKeys.DATASET, "datasets", out));
              p.mapAt("sample")
                  .ifPresent(
                      s ->
                          ConfigImporter.maps(s.listAt("samples"))
                              .forEach(i -> check(i, AiToolkitKeys.SAMPLE_ITEM, "samples", out)));
            });
    return out;
  }

  private static void check(
      ConfigNode.MapNode map, Set<String> known, String path, List<String> out) {
    for (String k : map.entries().keySet()) {
      if (!known.contains(k)) {
        out.add(path + "." + k);
      }
    }
  }
}
