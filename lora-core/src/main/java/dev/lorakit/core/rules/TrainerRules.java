package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.plan.MemoryEstimate;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The trainer's settings rules: text encoder, caption dropout, latent cache, GPU memory and the
 * project name the trainer writes files with.
 *
 * <pre>{@code
 * String id = TrainerRules.MEMORY_EXCEEDED.id(); // "hardware.memory-exceeded"
 * }</pre>
 */
public final class TrainerRules {
  /** The highest caption dropout rate at which the trigger keeps its grip. */
  public static final double MAX_CAPTION_DROPOUT = 0.1;

  /** The characters a project name may use, since it becomes file and folder names. */
  public static final String FILE_SAFE_NAME = "[A-Za-z0-9_.-]+";

  /** Text encoder training is on. */
  public static final RuleDescriptor TEXT_ENCODER_TRAINING =
      project(
          "text-encoder.training-enabled",
          WARNING,
          "text encoder training is on",
          "Qwen's text encoder is a 7B VLM; training it is unstable and the trainer's own"
              + " examples say it probably won't work",
          "set train.train_text_encoder to false",
          GUIDE + "Text Encoder");

  /** Caption dropout rate above 0.1. */
  public static final RuleDescriptor CAPTION_DROPOUT_OUT_OF_RANGE =
      project(
          "caption.dropout-out-of-range",
          WARNING,
          "caption dropout rate above " + Numbers.decimal(MAX_CAPTION_DROPOUT),
          "each dropped caption trains the image without its trigger; above 10% the trigger"
              + " loses its grip",
          "set caption_dropout_rate to 0.05",
          GUIDE + "Configuration File");

  /** Latents are not cached to disk. */
  public static final RuleDescriptor LATENTS_NOT_CACHED =
      project(
          "caching.latents-not-cached",
          WARNING,
          "latents are not cached to disk",
          "without the cache the VAE encodes every image every step: slower and more VRAM",
          "set cache_latents_to_disk to true",
          GUIDE + "Batch & Memory");

  /** Estimated peak GPU memory above the target GPU's. */
  public static final RuleDescriptor MEMORY_EXCEEDED =
      project(
          "hardware.memory-exceeded",
          ERROR,
          "estimated peak GPU memory above the target GPU's memory",
          "the run dies with CUDA out-of-memory after the model has been downloaded and"
              + " quantized (ai-toolkit issues #993, #493)",
          "cache text embeddings, quantize to uint3 with the adapter, lower the resolution,"
              + " or choose a larger GPU",
          "docs/planning.md; " + AITK + "§4.5");

  /** A project name unsafe in file names. */
  public static final RuleDescriptor NAME_NOT_FILE_SAFE =
      project(
          "project.name-not-file-safe",
          WARNING,
          "project name with spaces, slashes or other characters unsafe in file names",
          "config.name becomes the output folder and every checkpoint's file name",
          "use letters, digits, '_' and '-' only",
          AITK + "§6.1");

  private TrainerRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            TEXT_ENCODER_TRAINING,
            (p, f) -> {
              if (p.training().trainTextEncoder()) {
                f.report(
                    "train.train_text_encoder",
                    "text encoder training is on for Qwen",
                    "set train.train_text_encoder to false",
                    true,
                    false);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            CAPTION_DROPOUT_OUT_OF_RANGE,
            (p, f) -> {
              double rate = p.training().captionDropoutRate();
              if (rate > MAX_CAPTION_DROPOUT && rate <= 1) {
                f.report(
                    "datasets[].caption_dropout_rate",
                    fmt(
                        "caption dropout %s is above %s",
                        Numbers.decimal(rate), Numbers.decimal(MAX_CAPTION_DROPOUT)),
                    "set caption_dropout_rate to 0.05",
                    Numbers.decimal(rate),
                    "0-" + Numbers.decimal(MAX_CAPTION_DROPOUT));
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            LATENTS_NOT_CACHED,
            (p, f) -> {
              if (!p.training().cacheLatentsToDisk()) {
                f.report(
                    "datasets[].cache_latents_to_disk",
                    "latents are not cached to disk",
                    "set cache_latents_to_disk to true",
                    false,
                    true);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            MEMORY_EXCEEDED,
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
            }),
        Rule.of(
            Subjects.PROJECT,
            NAME_NOT_FILE_SAFE,
            (p, f) -> {
              if (!p.name().isBlank() && !p.name().matches(FILE_SAFE_NAME)) {
                f.report(
                    "config.name",
                    fmt("name '%s' is not safe as a file name", p.name()),
                    "use letters, digits, '_' and '-' only, e.g. "
                        + p.name().strip().replaceAll("[^A-Za-z0-9_.-]+", "_"),
                    p.name(),
                    FILE_SAFE_NAME);
              }
            }));
  }
}
