package dev.lorakit.core.rules;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.FolderRole;
import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.MemoryEstimate;
import dev.lorakit.core.plan.StepBudget;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.QuantizationType;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.Subject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code qwen-character} profile: the guide's rules for a character LoRA on Qwen-Image, and the
 * real trainer's behaviour where the guide is wrong.
 */
final class QwenCharacterRules {
  private static final String GUIDE = "guide: ";
  private static final String AITK = "ai-toolkit.md ";

  static final RuleDescriptor INVALID_VALUE =
      d(
          "model.invalid-value",
          ERROR,
          "a value is outside what the trainer can accept at all (rank 0, negative lr, batch 0)",
          "the trainer crashes or trains nothing with such a value",
          "set the value inside its bound",
          "Jakarta constraints on the model");

  private QwenCharacterRules() {}

  static List<Rule<LoraProject>> rules() {
    List<Rule<LoraProject>> rules = new ArrayList<>();
    rules.add(Rule.of(Subjects.PROJECT, INVALID_VALUE, ModelConstraints::check));
    network(rules);
    learningRate(rules);
    length(rules);
    accumulation(rules);
    quantization(rules);
    trainer(rules);
    saving(rules);
    resolution(rules);
    trigger(rules);
    control(rules);
    composition(rules);
    sampling(rules);
    return List.copyOf(rules);
  }

  static List<RuleDescriptor> manual() {
    return List.of(
        manual(
            "manual.body-photos-no-faces",
            "real body photos show no faces (or faces are cropped out)",
            "a second face teaches the LoRA a different identity than the character",
            "crop faces out of every body-realism photo",
            GUIDE + "Real Body Images"),
        manual(
            "manual.body-type-matches",
            "real body photos match the character's height and build",
            "conflicting body shapes give wrong proportions (troubleshooting #4)",
            "replace body photos whose build differs from the generated character",
            GUIDE + "Real Body Images, Critical Rule"),
        manual(
            "manual.consistent-face",
            "the generated character has the same face in every image",
            "inconsistent generations cause face drift (troubleshooting #2)",
            "regenerate images whose face differs",
            GUIDE + "Nano Banana Images, Quality Requirements"),
        manual(
            "manual.no-watermarks",
            "no image carries a watermark or logo",
            "the LoRA learns watermarks as part of the character",
            "replace or crop watermarked images",
            GUIDE + "Real Body Images, Quality checklist"),
        manual(
            "manual.no-ai-artifacts",
            "no plastic skin or AI artifacts in the generated images",
            "artifacts are learned and cause plastic skin (troubleshooting #1)",
            "remove or regenerate images with artifacts",
            GUIDE + "Nano Banana Images, Quality Requirements"),
        manual(
            "manual.varied-backgrounds",
            "backgrounds, lighting and poses vary across images",
            "repeated backgrounds bleed into every output (troubleshooting #3)",
            "vary backgrounds and caption them explicitly",
            GUIDE + "Generation Tips"),
        manual(
            "manual.natural-body-photos",
            "body photos are professional, naturally lit, with visible skin texture",
            "phone selfies and heavy retouching defeat the purpose of the realism folder",
            "prefer professional stock photography with natural light",
            GUIDE + "Real Body Images, What to collect"));
  }

  // ---------------------------------------------------------------- network

  private static void network(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "network.rank-out-of-range",
                WARNING,
                "rank outside the community range 16-64",
                "below 16 a 20B model learns the character weakly; above 64 it learns the dataset's"
                    + " backgrounds and lighting",
                "set network.linear to 16 (8-12 only to fight background bleed)",
                GUIDE + "Network Architecture"),
            (p, f) -> {
              int rank = p.training().network().rank();
              if (rank >= 1 && (rank < 16 || (rank > 64 && rank < 128))) {
                f.report(
                    "network.linear",
                    fmt("rank %d is outside the recommended 16-64", rank),
                    rank < 16
                        ? "raise network.linear to 16 unless you lowered it on purpose for"
                            + " background bleed"
                        : "lower network.linear to 16-32",
                    rank,
                    "16-64");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "network.rank-too-high",
                WARNING,
                "rank 128 or more",
                "high ranks capture unwanted details: backgrounds, lighting, compression noise",
                "lower network.linear to 16; 8-12 if backgrounds bleed",
                GUIDE + "Network Architecture, Why rank 16"),
            (p, f) -> {
              int rank = p.training().network().rank();
              if (rank >= 128) {
                f.report(
                    "network.linear",
                    fmt(
                        "rank %d is at or above 128, where a LoRA learns backgrounds and lighting",
                        rank),
                    "lower network.linear to 16; 8-12 if backgrounds bleed",
                    rank,
                    128);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "network.alpha-ignored",
                WARNING,
                "alpha differs from rank",
                "ai-toolkit saves Qwen LoRAs in PEFT format and forces alpha = rank (scale 1.0), so"
                    + " another alpha is silently ignored",
                "set network.linear_alpha equal to network.linear",
                AITK + "§0.7, §2.2"),
            (p, f) -> {
              double alpha = p.training().network().alpha();
              int rank = p.training().network().rank();
              if (alpha != rank) {
                f.report(
                    "network.linear_alpha",
                    fmt(
                        "alpha %s differs from rank %d and is ignored: ai-toolkit forces alpha ="
                            + " rank for Qwen",
                        Numbers.decimal(alpha), rank),
                    fmt("set network.linear_alpha to %d", rank),
                    Numbers.decimal(alpha),
                    rank);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "network.type-not-lora",
                INFO,
                "network type other than lora",
                "the guide's numbers (rank, lr, epochs) were tuned for plain LoRA",
                "use network.type lora unless you retuned for another type",
                GUIDE + "Network Architecture"),
            (p, f) -> {
              NetworkType type = p.training().network().type();
              if (type != NetworkType.LORA) {
                f.report(
                    "network.type",
                    fmt("network type %s is not the guide's lora", type.key()),
                    "set network.type to lora or retune rank and learning rate",
                    type.key(),
                    "lora");
              }
            }));
  }

  // ---------------------------------------------------------------- learning rate

  private static void learningRate(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "optimizer.lr-too-low",
                WARNING,
                "learning rate below 5e-5",
                "below the guide's ultra-safe 5e-5 a character barely converges in 10 epochs",
                "raise train.lr to 2e-4",
                GUIDE + "Learning Rate"),
            (p, f) -> {
              double lr = p.training().learningRate();
              if (lr > 0 && lr < 5e-5 && !p.training().optimizer().adaptive()) {
                f.report(
                    "train.lr",
                    fmt(
                        "learning rate %s is below the recommended 0.00005-0.0005",
                        Numbers.decimal(lr)),
                    "raise train.lr to 0.0002",
                    Numbers.decimal(lr),
                    "0.00005");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "optimizer.lr-too-high",
                WARNING,
                "learning rate above 5e-4",
                "Qwen is more sensitive than FLUX/SDXL: high rates fry details and overfit",
                "lower train.lr to 2e-4",
                GUIDE + "Learning Rate"),
            (p, f) -> {
              double lr = p.training().learningRate();
              if (lr > 5e-4 && !p.training().optimizer().adaptive()) {
                f.report(
                    "train.lr",
                    fmt(
                        "learning rate %s is above 0.0005, where Qwen overfits and fries details",
                        Numbers.decimal(lr)),
                    "lower train.lr to 0.0002",
                    Numbers.decimal(lr),
                    "0.0005");
              }
            }));
  }

  // ---------------------------------------------------------------- length

  private static void length(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "training.epochs-too-few",
                WARNING,
                "fewer than 8 epochs",
                "8-10 epochs is the standard for character consistency; fewer usually underfit",
                "train 10 epochs",
                GUIDE + "Training Duration"),
            (p, f) ->
                epochs(p)
                    .filter(e -> e > 0 && e < 8)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are fewer than the recommended 8-10",
                                    Numbers.decimal(e)),
                                "train 10 epochs: set the length in epochs or raise train.steps",
                                Numbers.decimal(e),
                                8))));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "training.epochs-too-many",
                WARNING,
                "more than 15 epochs",
                "12-15 epochs is for complex multi-outfit characters; more overfits a character",
                "train 10 epochs (12-15 for multi-outfit characters)",
                GUIDE + "Training Duration"),
            (p, f) ->
                epochs(p)
                    .filter(e -> e > 15.5 && e < 50)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are more than the 15 a character needs",
                                    Numbers.decimal(e)),
                                "train 10 epochs (12-15 for multi-outfit characters)",
                                Numbers.decimal(e),
                                15))));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "training.epochs-style-regime",
                ERROR,
                "50 or more epochs",
                "50+ epochs is the style-LoRA regime; a character LoRA memorises its images",
                "train 10 epochs",
                GUIDE + "Training Duration, Epoch strategy"),
            (p, f) ->
                epochs(p)
                    .filter(e -> e >= 50)
                    .ifPresent(
                        e ->
                            f.report(
                                "train.steps",
                                fmt(
                                    "%s epochs are in the style-LoRA regime (50+), not a"
                                        + " character's 8-15",
                                    Numbers.decimal(e)),
                                "train 10 epochs",
                                Numbers.decimal(e),
                                50))));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "training.steps-epochs-inconsistent",
                ERROR,
                "both steps and epochs are given and they disagree",
                "ai-toolkit has no epochs key and trains exactly train.steps; the guide's 3,400"
                    + " steps are one epoch of its dataset, not ten",
                "give the length once, in epochs, and let lorakit compute train.steps",
                GUIDE + "Training Duration; " + AITK + "§3.2"),
            (p, f) -> {
              var length = p.training().length();
              if (length.epochs().isEmpty() || length.steps().isEmpty()) {
                return;
              }
              StepBudget.compute(p)
                  .ifPresent(
                      b -> {
                        int epochs = length.epochs().getAsInt();
                        long wanted = (long) Math.ceil(epochs * b.stepsPerEpoch());
                        int steps = length.steps().getAsInt();
                        if (Math.abs(wanted - steps) > Math.max(1, wanted / 100)) {
                          f.report(
                              "train.steps",
                              fmt(
                                  "%d steps are %s epochs of this dataset (%s steps each), not"
                                      + " the %d epochs asked for",
                                  steps,
                                  Numbers.decimal(steps / b.stepsPerEpoch()),
                                  Numbers.decimal(b.stepsPerEpoch()),
                                  epochs),
                              fmt(
                                  "set train.steps to %d for %d epochs, or drop one of the two",
                                  wanted, epochs),
                              steps,
                              wanted);
                        }
                      });
            }));
  }

  // ---------------------------------------------------------------- accumulation

  private static void accumulation(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "accumulation.legacy-mode",
                WARNING,
                "the legacy gradient_accumulation_steps is used",
                "with the legacy key, steps count micro-batches (3,400 steps are 850 updates) and"
                    + " the trainer clears gradients every step, so it appears not to accumulate",
                "use train.gradient_accumulation instead of gradient_accumulation_steps",
                AITK + "§3.3, §5"),
            (p, f) -> {
              int legacy = p.training().gradientAccumulationSteps();
              if (legacy != 1 && p.training().gradientAccumulation() <= 1) {
                f.report(
                    "train.gradient_accumulation_steps",
                    fmt(
                        "legacy gradient_accumulation_steps %d counts steps in micro-batches and"
                            + " appears not to accumulate",
                        legacy),
                    fmt(
                        "replace it with gradient_accumulation: %d and recompute train.steps",
                        Math.max(1, legacy)),
                    legacy,
                    1);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "accumulation.both-modes",
                ERROR,
                "gradient_accumulation and gradient_accumulation_steps are both set",
                "the two keys are mutually exclusive; the trainer raises a ValueError at start",
                "keep only train.gradient_accumulation",
                AITK + "§2.5, §3.3"),
            (p, f) -> {
              TrainingParameters t = p.training();
              if (t.gradientAccumulationSteps() != 1 && t.gradientAccumulation() > 1) {
                f.report(
                    "train.gradient_accumulation_steps",
                    fmt(
                        "gradient_accumulation %d and gradient_accumulation_steps %d are both set;"
                            + " the trainer raises",
                        t.gradientAccumulation(), t.gradientAccumulationSteps()),
                    "remove train.gradient_accumulation_steps",
                    t.gradientAccumulationSteps(),
                    1);
              }
            }));
  }

  // ---------------------------------------------------------------- quantization

  private static final Pattern ADAPTER_BITS = Pattern.compile("uint(\\d)");

  private static void quantization(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.unknown-qtype",
                ERROR,
                "qtype or qtype_te is not a quantization type the trainer knows",
                "an unknown qtype raises a KeyError after the model is downloaded",
                "use qfloat8, qint8, or uint3 with an accuracy-recovery adapter",
                AITK + "§2.1"),
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (!q.enabled()) {
                return;
              }
              for (String[] key :
                  new String[][] {
                    {"model.qtype", q.qtype()}, {"model.qtype_te", q.textEncoderQtype()}
                  }) {
                if (!QuantizationType.isKnown(key[1])) {
                  f.report(
                      key[0],
                      fmt("qtype %s is not a known quantization type", key[1]),
                      QuantizationType.closest(key[1])
                          .map(c -> "did you mean " + c + "? use qfloat8 for 48 GB")
                          .orElse("use qfloat8 for 48 GB"),
                      key[1],
                      "qfloat8, qint8, float8, int8, uint2-uint8, ...");
                }
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.low-bit-without-adapter",
                WARNING,
                "4-bit or lower quantization without an accuracy-recovery adapter",
                "int4/int2 without an adapter lose quality (the guide; ostris publishes uint3"
                    + " adapters for each Qwen model)",
                "use qfloat8 on 48 GB, or uint3 with the model's accuracy-recovery adapter",
                GUIDE + "Quantization; " + AITK + "§2.1"),
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (q.enabled() && q.accuracyRecoveryAdapter().isEmpty() && q.bits().orElse(8) <= 4) {
                String hint =
                    p.baseModel().hasAccuracyRecoveryAdapters()
                        ? "use qfloat8 on 48 GB, or uint3|"
                            + p.baseModel().accuracyRecoveryAdapters().get(0)
                        : "use qfloat8";
                f.report(
                    "model.qtype",
                    fmt(
                        "qtype %s is %d-bit without an accuracy-recovery adapter",
                        q.qtype(), q.bits().getAsInt()),
                    hint,
                    q.qtype(),
                    "8-bit, or an adapter");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.adapter-path-malformed",
                ERROR,
                "accuracy-recovery adapter path is neither a local file nor owner/repo/file",
                "one part crashes with an IndexError and more than three raise, after the model"
                    + " is loaded (the shipped Edit example has this bug)",
                "write the adapter as ostris/accuracy_recovery_adapters/<file>.safetensors",
                AITK + "§2.1"),
            (p, f) ->
                p.training()
                    .quantization()
                    .accuracyRecoveryAdapter()
                    .filter(a -> !Quantization.isWellFormedAdapterPath(a))
                    .ifPresent(
                        a ->
                            f.report(
                                "model.qtype",
                                fmt(
                                    "adapter path %s has %d part(s); the trainer needs a local"
                                        + " file or exactly owner/repo/file",
                                    a, a.split("/", -1).length),
                                "write it as "
                                    + p.baseModel().accuracyRecoveryAdapters().stream()
                                        .findFirst()
                                        .orElse("owner/repo/file.safetensors"),
                                a,
                                "owner/repo/file"))));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.adapter-wrong-model",
                ERROR,
                "the accuracy-recovery adapter was made for another base model",
                "an adapter is tied to the exact base weights; another model's adapter corrupts"
                    + " the quantized transformer",
                "use the adapter published for this base model",
                AITK + "§2.1"),
            (p, f) ->
                p.training()
                    .quantization()
                    .accuracyRecoveryAdapter()
                    .flatMap(a -> BaseModel.forAdapter(a).filter(m -> m != p.baseModel()))
                    .ifPresent(
                        other ->
                            f.report(
                                "model.qtype",
                                fmt(
                                    "adapter %s is for %s, not %s",
                                    p.training().quantization().accuracyRecoveryAdapter().get(),
                                    other.id(),
                                    p.baseModel().id()),
                                "use "
                                    + p.baseModel().accuracyRecoveryAdapters().stream()
                                        .findFirst()
                                        .orElse("the adapter made for " + p.baseModel().id()),
                                other.id(),
                                p.baseModel().id()))));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.adapter-bits-mismatch",
                ERROR,
                "the adapter's bit width differs from qtype",
                "an adapter recovers the error of one bit width; a uint3 adapter on uint4 weights"
                    + " makes them worse",
                "set qtype to the adapter's bit width (uint3 for the published Qwen adapters)",
                AITK + "§2.1"),
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (q.accuracyRecoveryAdapter().isEmpty() || q.bits().isEmpty()) {
                return;
              }
              Matcher m = ADAPTER_BITS.matcher(q.accuracyRecoveryAdapter().get());
              if (m.find() && Integer.parseInt(m.group(1)) != q.bits().getAsInt()) {
                f.report(
                    "model.qtype",
                    fmt(
                        "qtype %s is %d-bit but the adapter is for uint%s",
                        q.qtype(), q.bits().getAsInt(), m.group(1)),
                    "set qtype to uint" + m.group(1),
                    q.qtype(),
                    "uint" + m.group(1));
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "quantization.int8-needs-recent-trainer",
                WARNING,
                "qtype int8 (torchao), which exists only in ai-toolkit from 2026-03-30",
                "older checkouts and images raise a KeyError for int8 after loading the model",
                "use qfloat8 or qint8, or pin an ai-toolkit build from 2026-03-30 or later",
                AITK + "§2.1, §5"),
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (q.enabled() && q.qtype().equalsIgnoreCase(QuantizationType.INT8_SINCE_2026_03)) {
                f.report(
                    "model.qtype",
                    "qtype int8 needs an ai-toolkit build from 2026-03-30 (17153583) or later",
                    "use qfloat8 (the portable 8-bit type) or pin a recent ai-toolkit image",
                    q.qtype(),
                    "2026-03-30");
              }
            }));
  }

  // ---------------------------------------------------------------- trainer settings

  private static void trainer(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "text-encoder.training-enabled",
                WARNING,
                "text encoder training is on",
                "Qwen's text encoder is a 7B VLM; training it is unstable and the trainer's own"
                    + " examples say it probably won't work",
                "set train.train_text_encoder to false",
                GUIDE + "Text Encoder"),
            (p, f) -> {
              if (p.training().trainTextEncoder()) {
                f.report(
                    "train.train_text_encoder",
                    "text encoder training is on for Qwen",
                    "set train.train_text_encoder to false",
                    true,
                    false);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "scheduler.not-flowmatch",
                ERROR,
                "noise scheduler is not flowmatch",
                "Qwen is a flow-matching model; the timestep logic only runs with flowmatch",
                "set train.noise_scheduler to flowmatch",
                AITK + "§2.5"),
            (p, f) -> {
              String s = p.training().noiseScheduler();
              if (!s.equalsIgnoreCase("flowmatch")) {
                f.report(
                    "train.noise_scheduler",
                    fmt("noise scheduler %s is not flowmatch, which Qwen requires", s),
                    "set train.noise_scheduler to flowmatch",
                    s,
                    "flowmatch");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "ema.decay-out-of-range",
                WARNING,
                "EMA decay outside 0.99-0.9999",
                "below 0.99 EMA barely smooths; at 0.9999 or above it lags thousands of steps"
                    + " behind and checkpoints look undertrained",
                "set train.ema_config.ema_decay to 0.999",
                GUIDE + "EMA"),
            (p, f) -> {
              double decay = p.training().ema().decay();
              if (p.training().ema().enabled()
                  && decay >= 0
                  && decay <= 1
                  && (decay < 0.99 || decay > 0.9999)) {
                f.report(
                    "train.ema_config.ema_decay",
                    fmt("EMA decay %s is outside 0.99-0.9999", Numbers.decimal(decay)),
                    "set train.ema_config.ema_decay to 0.999",
                    Numbers.decimal(decay),
                    "0.99-0.9999");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "caption.dropout-out-of-range",
                WARNING,
                "caption dropout rate above 0.1",
                "each dropped caption trains the image without its trigger; above 10% the trigger"
                    + " loses its grip",
                "set caption_dropout_rate to 0.05",
                GUIDE + "Configuration File"),
            (p, f) -> {
              double rate = p.training().captionDropoutRate();
              if (rate > 0.1 && rate <= 1) {
                f.report(
                    "datasets[].caption_dropout_rate",
                    fmt("caption dropout %s is above 0.1", Numbers.decimal(rate)),
                    "set caption_dropout_rate to 0.05",
                    Numbers.decimal(rate),
                    "0-0.1");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "caching.latents-not-cached",
                WARNING,
                "latents are not cached to disk",
                "without the cache the VAE encodes every image every step: slower and more VRAM",
                "set cache_latents_to_disk to true",
                GUIDE + "Batch & Memory"),
            (p, f) -> {
              if (!p.training().cacheLatentsToDisk()) {
                f.report(
                    "datasets[].cache_latents_to_disk",
                    "latents are not cached to disk",
                    "set cache_latents_to_disk to true",
                    false,
                    true);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "batch.edit-without-cached-embeddings",
                ERROR,
                "batch size above 1 on Edit-2509 or Edit-2511 without cached text embeddings",
                "the multi-image edit pipeline fails with a tensor size mismatch or 'Number of prompts must match"
                    + " number of control image sets' (issues #487, #862)",
                "set train.batch_size to 1, or train.cache_text_embeddings to true",
                AITK + "§4.5, §8.4"),
            (p, f) -> {
              TrainingParameters t = p.training();
              if (p.baseModel().batchNeedsCachedTextEmbeddings()
                  && p.arch().equals(p.baseModel().arch())
                  && t.batchSize() > 1
                  && !t.cacheTextEmbeddings()) {
                f.report(
                    "train.batch_size",
                    fmt(
                        "batch size %d on %s without cached text embeddings fails in the trainer",
                        t.batchSize(), p.baseModel().displayName()),
                    "set train.batch_size to 1 or train.cache_text_embeddings to true",
                    t.batchSize(),
                    1);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "hardware.memory-exceeded",
                ERROR,
                "estimated peak GPU memory above the target GPU's memory",
                "the run dies with CUDA out-of-memory after the model has been downloaded and"
                    + " quantized (ai-toolkit issues #993, #493)",
                "cache text embeddings, quantize to uint3 with the adapter, lower the resolution,"
                    + " or choose a larger GPU",
                "docs/planning.md; " + AITK + "§4.5"),
            (p, f) -> {
              MemoryEstimate m = MemoryEstimate.of(p);
              int gb = p.hardware().memoryGb();
              if (gb > 0 && !m.fits(gb)) {
                f.report(
                    "model.qtype",
                    fmt(
                        "estimated peak memory %.1f GB is above the %s's %d GB",
                        m.totalGb(), p.hardware().gpuType(), gb),
                    p.training().cacheTextEmbeddings()
                        ? "quantize to uint3 with the accuracy-recovery adapter, lower the"
                            + " resolution, or choose a larger GPU"
                        : "set train.cache_text_embeddings to true, or choose a larger GPU",
                    fmt("%.1f GB", m.totalGb()),
                    gb + " GB");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "project.name-not-file-safe",
                WARNING,
                "project name with spaces, slashes or other characters unsafe in file names",
                "config.name becomes the output folder and every checkpoint's file name",
                "use letters, digits, '_' and '-' only",
                AITK + "§6.1"),
            (p, f) -> {
              if (!p.name().isBlank() && !p.name().matches("[A-Za-z0-9_.-]+")) {
                f.report(
                    "config.name",
                    fmt("name '%s' is not safe as a file name", p.name()),
                    "use letters, digits, '_' and '-' only, e.g. "
                        + p.name().strip().replaceAll("[^A-Za-z0-9_.-]+", "_"),
                    p.name(),
                    "[A-Za-z0-9_.-]+");
              }
            }));
  }

  // ---------------------------------------------------------------- saving

  private static void saving(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "save.every-not-one-epoch",
                WARNING,
                "save_every is not one epoch",
                "the guide compares one checkpoint per epoch; with ai-toolkit's step semantics the"
                    + " guide's 340 is a tenth of an epoch (or 0.4 with accumulation 4)",
                "leave save_every unset so lorakit sets it to one epoch",
                GUIDE + "Checkpoints; " + AITK + "§3"),
            (p, f) -> {
              if (p.training().save().saveEvery().isEmpty()) {
                return;
              }
              StepBudget.compute(p)
                  .ifPresent(
                      b -> {
                        int every = p.training().save().saveEvery().getAsInt();
                        if (every != b.oneEpochSaveEvery()) {
                          f.report(
                              "save.save_every",
                              fmt(
                                  "save_every %d is %s epochs; one epoch is %d steps",
                                  every,
                                  Numbers.decimal(every / b.stepsPerEpoch()),
                                  b.oneEpochSaveEvery()),
                              fmt("set save.save_every to %d", b.oneEpochSaveEvery()),
                              every,
                              b.oneEpochSaveEvery());
                        }
                      });
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "save.fewer-kept-than-saves",
                WARNING,
                "max_step_saves_to_keep is smaller than the number of step checkpoints",
                "ai-toolkit deletes older step files while training; the early epochs you wanted"
                    + " to compare are gone",
                "set save.max_step_saves_to_keep to the number of epochs",
                GUIDE + "Checkpoints; " + AITK + "§6.1"),
            (p, f) ->
                StepBudget.compute(p)
                    .ifPresent(
                        b -> {
                          int intermediate = b.intermediateCheckpoints();
                          int keep = p.training().save().keep();
                          if (keep < intermediate) {
                            f.report(
                                "save.max_step_saves_to_keep",
                                fmt(
                                    "only %d of %d step checkpoints are kept; older ones are"
                                        + " deleted during training",
                                    keep, intermediate),
                                fmt("set save.max_step_saves_to_keep to %d", intermediate),
                                keep,
                                intermediate);
                          }
                        })));
  }

  // ---------------------------------------------------------------- resolution

  private static void resolution(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "resolution.duplicates",
                ERROR,
                "the resolution list repeats a value",
                "each entry is a full copy of the dataset: [1024, 1024] trains everything twice per"
                    + " epoch (it is not [width, height])",
                "list each edge size once: [1024] or [512, 768, 1024]",
                AITK + "§0.5, §5"),
            (p, f) -> {
              List<Integer> res = p.training().resolutions();
              Set<Integer> seen = new HashSet<>();
              List<Integer> dup = new ArrayList<>();
              for (Integer r : res) {
                if (!seen.add(r)) {
                  dup.add(r);
                }
              }
              if (!dup.isEmpty()) {
                f.report(
                    "datasets[].resolution",
                    fmt(
                        "resolution %s repeats %s, which trains the dataset %d times per epoch",
                        res, dup.get(0), res.size()),
                    "set resolution to " + List.copyOf(new java.util.TreeSet<>(res)),
                    res,
                    "distinct values");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "resolution.below-1024",
                WARNING,
                "the largest training resolution is below 1024",
                "the guide trains and samples at 1024; smaller buckets lose face detail",
                "include 1024 in the resolution list",
                GUIDE + "Quality Requirements"),
            (p, f) -> {
              int max = p.training().resolutions().stream().mapToInt(i -> i).max().orElse(0);
              if (max > 0 && max < 1024) {
                f.report(
                    "datasets[].resolution",
                    fmt("largest resolution %d is below 1024", max),
                    "include 1024 in the resolution list",
                    max,
                    1024);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "resolution.not-multiple-of-32",
                INFO,
                "a resolution that is not a multiple of 32",
                "Qwen buckets round down to multiples of 32, so the number is not what is trained",
                "use multiples of 32 such as 512, 768, 1024",
                AITK + "§2.4"),
            (p, f) -> {
              for (Integer r : p.training().resolutions()) {
                if (r > 0 && r % 32 != 0) {
                  f.report(
                      "datasets[].resolution",
                      fmt(
                          "resolution %d is not a multiple of 32; buckets round it to %d",
                          r, r / 32 * 32),
                      fmt("use %d", r / 32 * 32),
                      r,
                      32);
                }
              }
            }));
  }

  // ---------------------------------------------------------------- trigger

  private static void trigger(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "trigger.empty",
                ERROR,
                "no trigger word",
                "the trigger is how prompts call the character; without it nothing switches the"
                    + " LoRA on",
                "choose a rare token such as maya_char or ohwx",
                GUIDE + "Trigger Word"),
            (p, f) -> {
              if (p.trigger().isBlank()) {
                f.report(
                    "trigger_word",
                    "trigger word is empty",
                    "set a rare trigger such as " + suggestTrigger(p),
                    "",
                    "a rare token");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "trigger.class-word",
                ERROR,
                "trigger is a common class word (woman, person, girl, man...)",
                "the base model knows the word well: the LoRA overwrites every woman or person"
                    + " instead of adding one character",
                "use a rare token such as maya_char or ohwx",
                GUIDE + "Key Configuration Notes, Trigger Word"),
            (p, f) -> {
              String t = p.trigger().value();
              if (TriggerWords.isClassWord(t)) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' is a class word the base model already knows", t),
                    "use a rare token such as " + suggestTrigger(p),
                    t,
                    "a rare token");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "trigger.has-spaces",
                WARNING,
                "trigger contains whitespace",
                "a spaced trigger is several tokens that also occur apart in other prompts; the"
                    + " guide uses one rare token",
                "join the words with '_' (maya_char)",
                GUIDE + "Key Configuration Notes, Trigger Word"),
            (p, f) -> {
              String t = p.trigger().value();
              if (!t.isBlank() && t.strip().matches(".*\\s.*")) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' contains spaces", t),
                    "use " + t.strip().replaceAll("\\s+", "_"),
                    t,
                    "one token");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "trigger.dictionary-word",
                WARNING,
                "trigger is an ordinary English word",
                "the trigger must be unique, not in the base model's vocabulary; a dictionary word"
                    + " carries meaning into every image",
                "use a nonsense token: ohwx, sks, or name_char",
                GUIDE + "Key Configuration Notes, Trigger Word"),
            (p, f) -> {
              String t = p.trigger().value();
              if (!t.isBlank()
                  && !TriggerWords.isClassWord(t)
                  && TriggerWords.isDictionaryWord(t)) {
                f.report(
                    "trigger_word",
                    fmt("trigger '%s' is a dictionary word", t),
                    "use a rare token such as " + t.strip().toLowerCase(Locale.ROOT) + "_char",
                    t,
                    "a rare token");
              }
            }));
  }

  // ---------------------------------------------------------------- control images

  private static void control(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "control.missing-folders",
                ERROR,
                "an edit model without control folders",
                "Qwen-Image-Edit-2509 raises 'Missing control images' after the 20B model has"
                    + " loaded; the guide never mentions control images",
                "add a control folder with a same-stem image per training image, or choose the"
                    + " qwen_image arch workaround",
                AITK + "§0.4, §4.1"),
            (p, f) -> {
              if (!p.requiresControlImages()) {
                return;
              }
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.controlFolders().isEmpty()) {
                  f.report(
                      folder.path(),
                      fmt(
                          "folder %s has no control folder; %s needs a control image for every"
                              + " training image",
                          folder.path(), p.baseModel().id()),
                      "add control folders (same file stems), or set the arch override qwen_image"
                          + " to train without controls",
                      0,
                      1);
                }
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "control.too-many-folders",
                ERROR,
                "more control folders than the model reads",
                "Edit-2509 reads up to 3 control images, the original Edit model 1",
                "keep at most the model's number of control folders",
                AITK + "§4.2"),
            (p, f) -> {
              int max = p.baseModel().maxControlImages();
              if (!p.requiresControlImages()) {
                return;
              }
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.controlFolders().size() > max) {
                  f.report(
                      folder.path(),
                      fmt(
                          "folder %s has %d control folders; %s reads at most %d",
                          folder.path(), folder.controlFolders().size(), p.baseModel().id(), max),
                      fmt("keep at most %d control folders", max),
                      folder.controlFolders().size(),
                      max);
                }
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "control.text-only-workaround",
                WARNING,
                "an edit model trained with the qwen_image arch (no control images)",
                "a community workaround (ai-toolkit issue #480), not supported by the trainer and"
                    + " untested by lorakit",
                "keep it only if you have no control images; check the LoRA in ComfyUI early",
                AITK + "§4.4"),
            (p, f) -> {
              if (p.baseModel().needsControlImages()
                  && p.archOverride().map(a -> a.equals("qwen_image")).orElse(false)) {
                f.report(
                    "model.arch",
                    fmt(
                        "arch qwen_image on %s is a community workaround (issue #480)",
                        p.baseModel().id()),
                    "keep it only without control images and test the LoRA early",
                    "qwen_image",
                    p.baseModel().arch());
              }
            }));
  }

  // ---------------------------------------------------------------- composition

  private static void composition(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "dataset.no-training-folders",
                ERROR,
                "the dataset has no training folder",
                "nothing to train on",
                "add folders such as 40_name (character) and 20_name_realbody (body)",
                GUIDE + "Folder Structure"),
            (p, f) -> {
              if (p.dataset().trainingFolders().isEmpty()) {
                f.report(
                    "datasets",
                    "the dataset has no training folders",
                    "add 40_" + safe(p) + " and 20_" + safe(p) + "_realbody folders",
                    0,
                    1);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "composition.body-folder-missing",
                WARNING,
                "no body-realism folder",
                "the guide's 30 real body photos tagged realistic_body are what prevents plastic"
                    + " skin",
                "add a body-realism folder (20_name_realbody) with about 30 photos",
                GUIDE + "Dataset Composition"),
            (p, f) -> {
              if (!p.dataset().foldersWithRole(FolderRole.CHARACTER).isEmpty()
                  && p.dataset().foldersWithRole(FolderRole.BODY_REALISM).isEmpty()) {
                f.report(
                    "datasets",
                    "no body-realism folder",
                    "add 20_" + safe(p) + "_realbody with about 30 real body photos",
                    0,
                    30);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "composition.character-body-ratio",
                WARNING,
                "body photos are less than 20% or more than 45% of the images (guide: 70/30)",
                "too few real photos give plastic skin; too many dilute the character's identity",
                "aim for 70 character and 30 body images (60/40 against plastic skin)",
                GUIDE + "Dataset Composition; Troubleshooting #1"),
            (p, f) -> {
              int character = p.dataset().imageCount(FolderRole.CHARACTER);
              int body = p.dataset().imageCount(FolderRole.BODY_REALISM);
              if (!p.dataset().countsKnown() || character == 0 || body == 0) {
                return;
              }
              double share = (double) body / (character + body);
              if (share < 0.20 || share > 0.45) {
                f.report(
                    "datasets",
                    fmt(
                        "%d character and %d body images: body share %d%% is outside 20-45%%",
                        character, body, Math.round(share * 100)),
                    share < 0.20
                        ? fmt(
                            "add %d body photos",
                            Math.max(1, (int) Math.ceil(character * 3 / 7.0) - body))
                        : "add character images or remove body photos (guide: 70/30)",
                    fmt("%d/%d", character, body),
                    "70/30");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "composition.repeats-ratio",
                WARNING,
                "character:body samples per epoch outside 3:1-5:1 (guide: 2,800:600, about 4:1)",
                "the ratio decides whether identity or body realism dominates; the guide tunes"
                    + " between 4:1 and 5:1",
                "adjust repeats so character images x repeats is about 4x body images x repeats",
                GUIDE + "Repeats Calculation; Troubleshooting #4"),
            (p, f) -> {
              if (!p.dataset().countsKnown()) {
                return;
              }
              long character = p.dataset().samplesPerEpoch(FolderRole.CHARACTER);
              long body = p.dataset().samplesPerEpoch(FolderRole.BODY_REALISM);
              if (character == 0 || body == 0) {
                return;
              }
              double ratio = (double) character / body;
              if (ratio < 3.0 || ratio > 5.0) {
                f.report(
                    "datasets[].num_repeats",
                    fmt(
                        "character:body samples %d:%d is %s:1, outside 3:1-5:1",
                        character, body, Numbers.decimal(Math.round(ratio * 100) / 100.0)),
                    "adjust repeats toward 4:1 (e.g. 40 x 70 : 20 x 30)",
                    Numbers.decimal(Math.round(ratio * 100) / 100.0),
                    "3-5");
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "composition.regularization-not-needed",
                INFO,
                "a regularisation folder",
                "the guide's two-folder strategy replaces regularisation images and they dilute"
                    + " the character",
                "remove the regularisation folder unless you measured that it helps",
                GUIDE + "Final Notes"),
            (p, f) -> {
              for (DatasetFolder folder : p.dataset().foldersWithRole(FolderRole.REGULARIZATION)) {
                f.report(
                    folder.path(),
                    fmt("regularisation folder %s is not needed by the guide", folder.path()),
                    "remove it unless you measured that it helps",
                    folder.path(),
                    null);
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "dataset.counts-unknown",
                INFO,
                "image counts of some folders are unknown",
                "composition and step budget cannot be checked without counts",
                "scan the dataset (lorakit check <dir>) or declare image counts",
                "lorakit"),
            (p, f) -> {
              for (DatasetFolder folder : p.dataset().trainingFolders()) {
                if (folder.imageCount().isEmpty()) {
                  f.report(
                      folder.path(),
                      fmt("image count of %s is unknown; budget checks skipped", folder.path()),
                      "scan the dataset or declare the image count",
                      null,
                      null);
                }
              }
            }));
  }

  // ---------------------------------------------------------------- sampling

  private static void sampling(List<Rule<LoraProject>> rules) {
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "sample.prompt-missing-trigger",
                WARNING,
                "a sample prompt without the trigger",
                "ai-toolkit does not add the trigger to sample prompts; samples then show the base"
                    + " model, not the character",
                "start the prompt with [trigger]",
                AITK + "§2.6"),
            (p, f) -> {
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i).prompt();
                if (!prompt.contains("[trigger]")
                    && (p.trigger().isBlank()
                        || !prompt
                            .toLowerCase(Locale.ROOT)
                            .contains(p.trigger().value().toLowerCase(Locale.ROOT)))) {
                  f.report(
                      "sample.samples[" + i + "].prompt",
                      fmt("sample prompt '%s' has no trigger", prompt),
                      "start it with [trigger]",
                      prompt,
                      "[trigger]");
                }
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "sample.missing-control-image",
                ERROR,
                "a sample prompt without a control image on an edit model",
                "Edit-2509 raises 'Missing control images' at the baseline sample, before step 1",
                "give every sample prompt a control image (ctrl_img_1)",
                AITK + "§2.6, §4.1"),
            (p, f) -> {
              if (!p.requiresControlImages()) {
                return;
              }
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                if (prompts.get(i).controlImages().isEmpty()) {
                  f.report(
                      "sample.samples[" + i + "].ctrl_img_1",
                      fmt(
                          "sample prompt %d has no control image; %s needs one",
                          i + 1, p.baseModel().id()),
                      "add a control image to the sample prompt",
                      0,
                      1);
                }
              }
            }));
    rules.add(
        Rule.of(
            Subjects.PROJECT,
            d(
                "sample.prompt-has-flag",
                ERROR,
                "a sample prompt containing ' --' or '${'",
                "the trainer splits prompts on '--' into flags and substitutes ${VAR} from the"
                    + " environment, raising when it is unset",
                "remove '--' and '${' from prompts",
                AITK + "§1, §2.6"),
            (p, f) -> {
              List<SamplePrompt> prompts = p.sampling().prompts();
              for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i).prompt();
                if (prompt.contains("--") || prompt.contains("${")) {
                  f.report(
                      "sample.samples[" + i + "].prompt",
                      fmt(
                          "sample prompt '%s' contains '--' or '${', which the trainer parses",
                          prompt),
                      "remove '--' and '${' from the prompt",
                      prompt,
                      null);
                }
              }
            }));
  }

  // ---------------------------------------------------------------- helpers

  /** Epochs the run will train: declared, else computed from steps. */
  private static Optional<Double> epochs(LoraProject p) {
    var length = p.training().length();
    if (length.epochs().isPresent()) {
      return Optional.of((double) length.epochs().getAsInt());
    }
    return StepBudget.compute(p).map(StepBudget::epochs);
  }

  private static String suggestTrigger(LoraProject p) {
    return safe(p) + "_char";
  }

  private static String safe(LoraProject p) {
    String base = p.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    base = base.replaceAll("_?(lora|char)_?", "").replaceAll("^_+|_+$", "");
    return base.isEmpty() ? "name" : base;
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(Subjects.PROJECT)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }

  private static RuleDescriptor manual(
      String id, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(INFO)
        .subject(Subject.MANUAL)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
