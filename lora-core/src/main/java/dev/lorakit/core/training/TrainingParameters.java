package dev.lorakit.core.training;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * Every training setting lorakit models. Defaults are the guide's recommended values (rank 16,
 * alpha 16, adamw8bit, lr 2e-4, batch 1, accumulation 4, 10 epochs, bf16, EMA 0.999, flowmatch,
 * caption dropout 0.05, 1024 px), expressed in the trainer's real keys.
 *
 * <pre>{@code
 * TrainingParameters params = TrainingParameters.builder()
 *     .learningRate(1e-4)
 *     .length(TrainingLength.epochs(12))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class TrainingParameters {

  @Value.Default
  @Valid
  public NetworkSettings network() {
    return NetworkSettings.builder().build();
  }

  @Value.Default
  public Optimizer optimizer() {
    return Optimizer.ADAMW8BIT;
  }

  /** {@code train.lr}. */
  @Value.Default
  @Positive
  public double learningRate() {
    return 2e-4;
  }

  /** {@code train.lr_scheduler}. */
  @Value.Default
  public String lrScheduler() {
    return "constant";
  }

  @Value.Default
  @Valid
  public TrainingLength length() {
    return TrainingLength.epochs(10);
  }

  @Value.Default
  @Min(1)
  public int batchSize() {
    return 1;
  }

  /**
   * {@code train.gradient_accumulation}: each step draws this many batches and makes one optimizer
   * update, so {@code steps} counts updates. The guide's "accumulation 4" in its real form.
   */
  @Value.Default
  @Min(1)
  public int gradientAccumulation() {
    return 4;
  }

  /**
   * {@code train.gradient_accumulation_steps}, the legacy mode: steps count micro-batches and the
   * optimizer steps every N of them. 1 means off; -1 means one update per epoch. The trainer raises
   * when it is set together with {@link #gradientAccumulation()} above 1.
   */
  @Value.Default
  @Min(-1)
  public int gradientAccumulationSteps() {
    return 1;
  }

  @Value.Default
  @Valid
  public Quantization quantization() {
    return Quantization.builder().build();
  }

  @Value.Default
  @Valid
  public EmaSettings ema() {
    return EmaSettings.of(true, 0.999);
  }

  /** {@code train.dtype}; it also overrides {@code model.dtype}. */
  @Value.Default
  public Precision precision() {
    return Precision.BF16;
  }

  /**
   * Dataset {@code resolution} entries: target edge sizes, each one a full copy of the dataset per
   * epoch. Not {@code [width, height]}.
   */
  @Value.Default
  @NotEmpty
  public List<@Positive Integer> resolutions() {
    return List.of(1024);
  }

  @Value.Default
  public boolean cacheLatentsToDisk() {
    return true;
  }

  /** {@code train.cache_text_embeddings}; unloads the text encoder and saves VRAM. */
  @Value.Default
  public boolean cacheTextEmbeddings() {
    return false;
  }

  @Value.Default
  @DecimalMin("0.0")
  @DecimalMax("1.0")
  public double captionDropoutRate() {
    return 0.05;
  }

  @Value.Default
  public boolean shuffleTokens() {
    return false;
  }

  @Value.Default
  public boolean trainTextEncoder() {
    return false;
  }

  @Value.Default
  public boolean gradientCheckpointing() {
    return true;
  }

  /** {@code train.noise_scheduler}; must be {@code flowmatch} for Qwen. */
  @Value.Default
  public String noiseScheduler() {
    return "flowmatch";
  }

  /** {@code train.timestep_type}; the Qwen examples and the web UI use {@code weighted}. */
  @Value.Default
  public String timestepType() {
    return "weighted";
  }

  @Value.Default
  @Valid
  public SavePolicy save() {
    return SavePolicy.builder().build();
  }

  /**
   * {@code train.lr_scheduler_params}, passed as keyword arguments to the scheduler: {@code
   * num_warmup_steps} for {@code constant_with_warmup} (1000 when absent), {@code start_factor} and
   * {@code end_factor} for {@code linear} (torch's 1/3 and 1 when absent, so the LR rises over the
   * run), {@code eta_min} for {@code cosine}. {@code toolkit/scheduler.py} l.33-44 at 27a03a91.
   */
  public abstract Map<String, Double> lrSchedulerParams();

  /**
   * {@code train.optimizer_params}, passed as keyword arguments to the optimizer, such as {@code
   * weight_decay} (the UI writes 1e-4; without it bitsandbytes' own default applies).
   */
  public abstract Map<String, Double> optimizerParams();

  /**
   * {@code model.low_vram}: the Qwen model quantizes and moves blocks piece by piece and flushes
   * between sampling steps ({@code qwen_image.py} l.141-314), slower but fitting 24-32 GB cards.
   */
  @Value.Default
  public boolean lowVram() {
    return false;
  }

  /**
   * {@code model.layer_offloading}: layers stream from CPU memory; the trainer turns a {@code
   * qfloat8} qtype into {@code float8} when it is on ({@code config_modules.py} l.713-717).
   */
  @Value.Default
  public boolean layerOffloading() {
    return false;
  }

  /** {@code model.layer_offloading_transformer_percent}, 0-1; the trainer's default is 1. */
  @Value.Default
  @DecimalMin("0.0")
  @DecimalMax("1.0")
  public double layerOffloadingTransformerPercent() {
    return 1.0;
  }

  /** {@code model.layer_offloading_text_encoder_percent}, 0-1; the trainer's default is 1. */
  @Value.Default
  @DecimalMin("0.0")
  @DecimalMax("1.0")
  public double layerOffloadingTextEncoderPercent() {
    return 1.0;
  }

  /**
   * {@code model.model_kwargs.match_target_res} (Qwen-Image-Edit-Plus, {@code
   * qwen_image_edit_plus.py} l.245): scale control images to the target area. Empty writes nothing
   * (the trainer's default is false; the UI writes false for Edit-2509/2511).
   */
  public abstract Optional<Boolean> matchTargetRes();

  /** {@code train.validation_config}, the validation loss; empty writes none. */
  public abstract Optional<ValidationSettings> validation();

  /** {@code training_seed}, for reproducible runs. */
  public abstract OptionalLong seed();

  /** Batches drawn per loop step: {@code gradient_accumulation} (1 in legacy mode). */
  public int batchesPerStep() {
    return gradientAccumulation();
  }

  public static ImmutableTrainingParameters.Builder builder() {
    return ImmutableTrainingParameters.builder();
  }
}
