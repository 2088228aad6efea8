package dev.lorakit.yaml;

import dev.lorakit.core.training.LrSchedulers;
import dev.lorakit.core.training.Optimizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact key set of every ai-toolkit config section at HEAD 27a03a91 ({@code
 * reference/ai-toolkit.md} §9, in source order) and the value sets of its enumerated keys (§2).
 * Written by hand from the reference because the trainer has no machine-readable schema.
 */
final class AiToolkitKeys {
  private AiToolkitKeys() {}

  static final Set<String> TOP = ordered("job", "config", "meta");

  static final Set<String> CONFIG = ordered("name", "process", "device");

  static final Set<String> PROCESS =
      ordered(
          "type",
          "name",
          "training_folder",
          "trigger_word",
          "performance_log_every",
          "training_seed",
          "log_dir",
          "sqlite_db_path",
          "torch_profiler",
          "do_lorm",
          "lorm_extract_mode",
          "lorm_extract_mode_param",
          "network",
          "save",
          "datasets",
          "train",
          "model",
          "sample",
          "first_sample",
          "logging",
          "adapter",
          "embedding",
          "decorator",
          "guidance");

  static final Set<String> MODEL =
      ordered(
          "name_or_path",
          "is_v2",
          "is_xl",
          "is_pixart",
          "is_pixart_sigma",
          "is_auraflow",
          "is_v3",
          "is_flux",
          "is_lumina2",
          "use_flux_cfg",
          "is_ssd",
          "is_vega",
          "is_v_pred",
          "dtype",
          "vae_path",
          "refiner_name_or_path",
          "refiner_start_at",
          "lora_path",
          "assistant_lora_path",
          "inference_lora_path",
          "unconditional_lora_path",
          "latent_space_version",
          "use_text_encoder_1",
          "use_text_encoder_2",
          "experimental_xl",
          "text_encoder_bits",
          "unet_path",
          "unet_sample_size",
          "vae_device",
          "vae_dtype",
          "te_device",
          "te_dtype",
          "quantize",
          "quantize_te",
          "qtype",
          "qtype_te",
          "low_vram",
          "attn_masking",
          "ignore_if_contains",
          "only_if_contains",
          "quantize_kwargs",
          "split_model_over_gpus",
          "split_model_other_module_param_count_scale",
          "te_name_or_path",
          "arch",
          "auto_memory",
          "layer_offloading",
          "layer_offloading_transformer_percent",
          "layer_offloading_text_encoder_percent",
          "extras_name_or_path",
          "accuracy_recovery_adapter",
          "compile",
          "block_compile",
          "compile_mode",
          "compile_fullgraph",
          "compile_dynamic",
          "cache_size_limit",
          "model_kwargs",
          "model_paths",
          "in_context");

  static final Set<String> NETWORK =
      ordered(
          "type",
          "rank",
          "linear",
          "conv",
          "alpha",
          "linear_alpha",
          "conv_alpha",
          "dropout",
          "network_kwargs",
          "lorm",
          "transformer_only",
          "lokr_full_rank",
          "lokr_factor",
          "old_lokr_format",
          "split_multistage_loras",
          "layer_offloading",
          "pretrained_lora_path",
          "all_layers");

  static final Set<String> SAVE =
      ordered(
          "save_every",
          "dtype",
          "max_step_saves_to_keep",
          "save_format",
          "push_to_hub",
          "hf_repo_id",
          "hf_private");

  static final Set<String> DATASET =
      ordered(
          "batch_size",
          "type",
          "folder_path",
          "dataset_path",
          "default_caption",
          "trigger_word",
          "diff_output_preservation",
          "diff_output_preservation_class",
          "random_triggers",
          "random_triggers_max",
          "caption_ext",
          "random_scale",
          "random_crop",
          "resolution",
          "scale",
          "buckets",
          "bucket_tolerance",
          "is_reg",
          "prior_reg",
          "network_weight",
          "token_dropout_rate",
          "shuffle_tokens",
          "caption_dropout_rate",
          "keep_tokens",
          "flip_x",
          "flip_y",
          "augments",
          "control_path",
          "control_from_same_folder",
          "num_controls_from_same_folder",
          "control_path_1",
          "control_path_2",
          "control_path_3",
          "control_transparent_color",
          "inpaint_path",
          "full_size_control_images",
          "alpha_mask",
          "mask_path",
          "unconditional_path",
          "invert_mask",
          "mask_min_value",
          "poi",
          "use_short_captions",
          "num_repeats",
          "cache_latents",
          "cache_latents_to_disk",
          "cache_tensors_to_disk",
          "cache_clip_vision_to_disk",
          "cache_text_embeddings",
          "load_image_when_caching_latents",
          "standardize_images",
          "augmentations",
          "shuffle_augmentations",
          "caption_type",
          "guidance_type",
          "clip_image_path",
          "clip_image_from_same_folder",
          "clip_image_augmentations",
          "clip_image_shuffle_augmentations",
          "replacements",
          "loss_multiplier",
          "num_workers",
          "prefetch_factor",
          "cache_latents_num_workers",
          "extra_values",
          "square_crop",
          "replay_transforms",
          "num_frames",
          "shrink_video_to_frames",
          "fps",
          "auto_frame_count",
          "trim_auto_frame_count_tail",
          "debug",
          "controls",
          "fast_image_size",
          "do_i2v",
          "do_audio",
          "audio_preserve_pitch",
          "audio_normalize");

  static final Set<String> TRAIN =
      ordered(
          "noise_scheduler",
          "content_or_style",
          "steps",
          "lr",
          "unet_lr",
          "text_encoder_lr",
          "refiner_lr",
          "embedding_lr",
          "adapter_lr",
          "optimizer",
          "optimizer_params",
          "lr_scheduler",
          "lr_scheduler_params",
          "min_denoising_steps",
          "max_denoising_steps",
          "batch_size",
          "dtype",
          "xformers",
          "sdp",
          "attention_backend",
          "train_unet",
          "train_text_encoder",
          "train_refiner",
          "train_turbo",
          "show_turbo_outputs",
          "min_snr_gamma",
          "snr_gamma",
          "learnable_snr_gos",
          "noise_offset",
          "skip_first_sample",
          "force_first_sample",
          "gradient_checkpointing",
          "weight_jitter",
          "merge_network_on_save",
          "merge_network_on_save_strength",
          "max_grad_norm",
          "start_step",
          "free_u",
          "adapter_assist_name_or_path",
          "adapter_assist_type",
          "noise_multiplier",
          "target_noise_multiplier",
          "random_noise_multiplier",
          "do_signal_correction_noise",
          "do_batch_noise_correction",
          "batch_noise_correction_scale",
          "do_signal_amplification",
          "signal_amplification_strength",
          "signal_correction_noise_scale",
          "random_noise_shift",
          "img_multiplier",
          "noisy_latent_multiplier",
          "latent_multiplier",
          "negative_prompt",
          "max_negative_prompts",
          "reg_weight",
          "num_train_timesteps",
          "adaptive_scaling_factor",
          "prompt_dropout_prob",
          "match_noise_norm",
          "gradient_accumulation_steps",
          "gradient_accumulation",
          "short_and_long_captions",
          "short_and_long_captions_encoder_split",
          "single_item_batching",
          "match_adapter_assist",
          "match_adapter_chance",
          "loss_target",
          "inverted_mask_prior",
          "inverted_mask_prior_multiplier",
          "diff_output_preservation",
          "diff_output_preservation_multiplier",
          "diff_output_preservation_class",
          "blank_prompt_preservation",
          "blank_prompt_preservation_multiplier",
          "standardize_images",
          "standardize_latents",
          "dynamic_noise_offset",
          "do_cfg",
          "do_random_cfg",
          "cfg_scale",
          "max_cfg_scale",
          "cfg_rescale",
          "correct_pred_norm",
          "correct_pred_norm_multiplier",
          "loss_type",
          "t0_loss_target",
          "t0_velocity_equiv_weight",
          "do_fft_loss",
          "do_fft_velocity_equiv_weight",
          "pred_scaler",
          "prompt_saturation_chance",
          "do_prior_divergence",
          "ema_config",
          "target_norm_std",
          "target_norm_std_value",
          "timestep_type",
          "next_sample_timesteps",
          "linear_timesteps",
          "linear_timesteps2",
          "disable_sampling",
          "unload_text_encoder",
          "cache_text_embeddings",
          "do_paramiter_swapping",
          "paramiter_swapping_factor",
          "bypass_guidance_embedding",
          "latent_feature_extractor_path",
          "latent_feature_loss_weight",
          "diffusion_feature_extractor_path",
          "diffusion_feature_extractor_weight",
          "optimal_noise_pairing_samples",
          "force_consistent_noise",
          "blended_blur_noise",
          "do_guidance_loss",
          "guidance_loss_target",
          "do_guidance_loss_cfg_zero",
          "guidance_loss_schedule",
          "unconditional_prompt",
          "do_differential_guidance",
          "differential_guidance_scale",
          "switch_boundary_every",
          "do_blank_stabilization",
          "audio_loss_multiplier",
          "max_loss_debug",
          "max_loss",
          "validation_config");

  static final Set<String> EMA =
      ordered("use_ema", "ema_decay", "use_feedback", "param_multiplier");

  static final Set<String> VALIDATION =
      ordered("validation_items", "resolution", "validate_every_n_steps", "validation_sigmas");

  static final Set<String> SAMPLE =
      ordered(
          "sampler",
          "sample_every",
          "sample_start_step",
          "width",
          "height",
          "neg",
          "seed",
          "walk_seed",
          "guidance_scale",
          "sample_steps",
          "network_multiplier",
          "guidance_rescale",
          "format",
          "adapter_conditioning_scale",
          "refiner_start_at",
          "extra_values",
          "num_frames",
          "fps",
          "prompts",
          "samples",
          "do_cfg_norm");

  static final Set<String> SAMPLE_ITEM =
      ordered(
          "prompt",
          "width",
          "height",
          "neg",
          "seed",
          "guidance_scale",
          "sample_steps",
          "fps",
          "num_frames",
          "ctrl_img",
          "ctrl_idx",
          "ctrl_img_1",
          "ctrl_img_2",
          "ctrl_img_3",
          "network_multiplier",
          "do_cfg_norm");

  static final Set<String> LOGGING =
      ordered("log_every", "verbose", "use_wandb", "use_ui_logger", "project_name", "run_name");

  /** Keys under {@code model.model_kwargs} known for Qwen-Edit-Plus. */
  static final Set<String> MODEL_KWARGS = ordered("match_target_res");

  /**
   * {@code network.network_kwargs} keys that act: {@code BaseSDTrainProcess} l.1949-1978 passes
   * them as keyword arguments into {@code LoRASpecialNetwork.__init__} ({@code
   * toolkit/lora_special.py} l.293-341 at 27a03a91), so every parameter the caller does not pass
   * itself is a real option (audit row 21). {@code target_lin_modules} is not here: for Qwen it is
   * always overwritten by the model's own list (l.1946-1947).
   */
  static final Set<String> NETWORK_KWARGS =
      ordered(
          "rank_dropout",
          "module_dropout",
          "block_dims",
          "block_alphas",
          "conv_block_dims",
          "conv_block_alphas",
          "modules_dim",
          "modules_alpha",
          "varbose",
          "ignore_if_contains",
          "only_if_contains",
          "full_if_contains",
          "parameter_threshold",
          "attn_only",
          "target_conv_modules",
          "full_train_in_out",
          "peft_format",
          "is_assistant_adapter",
          "is_ara");

  /**
   * {@code LoRASpecialNetwork.__init__} parameters the trainer already passes itself (l.1949-1978):
   * the same key in {@code network_kwargs} raises "got multiple values for keyword argument".
   */
  static final Set<String> NETWORK_KWARGS_PASSED =
      ordered(
          "text_encoder",
          "unet",
          "lora_dim",
          "multiplier",
          "alpha",
          "train_unet",
          "train_text_encoder",
          "conv_lora_dim",
          "conv_alpha",
          "is_sdxl",
          "is_v2",
          "is_v3",
          "is_pixart",
          "is_auraflow",
          "is_flux",
          "is_lumina2",
          "is_ssd",
          "is_vega",
          "dropout",
          "use_text_encoder_1",
          "use_text_encoder_2",
          "use_bias",
          "is_lorm",
          "network_config",
          "network_type",
          "transformer_only",
          "is_transformer",
          "base_model");

  /** Section name to key set, for sections that are mappings directly under a process. */
  static final Map<String, Set<String>> PROCESS_SECTIONS =
      Map.of(
          "model", MODEL,
          "network", NETWORK,
          "save", SAVE,
          "train", TRAIN,
          "sample", SAMPLE,
          "first_sample", SAMPLE,
          "logging", LOGGING);

  static final Set<String> JOBS = ordered("extract", "train", "mod", "generate", "extension");

  /** Process types of the LoRA trainers whose keys §9 lists. */
  static final Set<String> LORA_PROCESS_TYPES =
      ordered("sd_trainer", "diffusion_trainer", "textual_inversion_trainer", "ui_trainer");

  /**
   * Other extension uids that exist but are not LoRA trainers; their keys are not checked. Every
   * {@code uid} of {@code extensions_built_in/*\/__init__.py} and {@code extensions/example} at
   * 27a03a91 (audit row 16), including the UI's caption job types.
   */
  static final Set<String> OTHER_PROCESS_TYPES =
      ordered(
          "concept_slider",
          "ultimate_slider_trainer",
          "image_reference_slider_trainer",
          "concept_replacer",
          "AceStepCaptioner",
          "Qwen3VLCaptioner",
          "Qwen3OmniCaptioner",
          "Ideogram4Captioner",
          "dataset_tools",
          "sync_from_collection",
          "super_tagger",
          "reference_generator",
          "pure_lora_generator",
          "batch_img2img",
          "example_merge_extension");

  /** Every {@code arch} value at HEAD, Qwen first. */
  static final Set<String> ARCHS =
      ordered(
          "qwen_image",
          "qwen_image_edit",
          "qwen_image_edit_plus",
          "sd1",
          "sd2",
          "sd3",
          "sdxl",
          "pixart",
          "pixart_sigma",
          "auraflow",
          "flux",
          "flex1",
          "lumina2",
          "vega",
          "ssd",
          "flux_kontext",
          "flux2",
          "flux2_klein_4b",
          "flux2_klein_9b",
          "chroma",
          "chroma_radiance",
          "hidream",
          "hidream_e1",
          "hidream_o1",
          "wan21",
          "wan21_i2v",
          "wan22_5b",
          "wan22_14b",
          "wan22_14b_i2v",
          "zimage",
          "zimage_l2p",
          "ltx2",
          "ltx2.3",
          "ltx2.5",
          "omnigen2",
          "cogview4",
          "f-lite",
          "flex2",
          "anima",
          "ernie_image",
          "nucleus_image",
          "ideogram4",
          "prx_pixel",
          "krea2",
          "zeta_chroma",
          "boogu_image",
          "boogu_image_edit",
          "mageflow",
          "mageflow_edit",
          "minimax_h3",
          "minimax_h3_ref2va",
          "ace_step_15",
          "ace_step_15_xl");

  /** Archs that need control images for every training image and sample. */
  static final Set<String> EDIT_ARCHS = ordered("qwen_image_edit", "qwen_image_edit_plus");

  /** Legacy boolean model flags that choose an architecture without {@code arch}. */
  static final Set<String> LEGACY_ARCH_FLAGS =
      ordered(
          "is_v2",
          "is_xl",
          "is_pixart",
          "is_pixart_sigma",
          "is_auraflow",
          "is_v3",
          "is_flux",
          "is_lumina2",
          "is_ssd",
          "is_vega");

  /** Every optimizer name lorakit knows; {@link Optimizer#stockImageFailure()} says which fail. */
  static final Set<String> OPTIMIZERS =
      ordered(Arrays.stream(Optimizer.values()).map(Optimizer::key).toArray(String[]::new));

  static final Set<String> NOISE_SCHEDULERS =
      ordered(
          "flowmatch",
          "ddim",
          "ddpm",
          "pndm",
          "lms",
          "euler",
          "euler_a",
          "dpmsolver",
          "dpmsolver++",
          "heun",
          "dpm_2",
          "lcm",
          "custom_lcm",
          "mean_flow");

  static final Set<String> TIMESTEP_TYPES =
      ordered(
          "sigmoid",
          "linear",
          "weighted",
          "shift",
          "flux_shift",
          "lumina2_shift",
          "lognorm_blend",
          "next_sample",
          "one_step",
          "two_step",
          "four_step",
          "eight_step");

  /**
   * {@code train_tools.get_torch_dtype} spellings, for {@code save.dtype} and {@code train.dtype}.
   */
  static final Set<String> DTYPES =
      ordered(
          "float16",
          "fp16",
          "half",
          "bf16",
          "bfloat16",
          "float32",
          "fp32",
          "float",
          "single",
          "float8",
          "8bit",
          "e4m3fn");

  /**
   * The {@code lr_scheduler} names that construct on the pinned image ({@link LrSchedulers}); the
   * other names ai-toolkit's docs or diffusers mention (step, polynomial, piecewise_constant,
   * inverse_sqrt, ...) always raise there (audit row 2).
   */
  static final Set<String> LR_SCHEDULERS = ordered(LrSchedulers.names().toArray(String[]::new));

  /**
   * How an arch's {@code generate_single_image} reads a sample's control images (audit rows 1, 12):
   * {@code qwen_image_edit} reads only {@code ctrl_img} ({@code qwen_image_edit.py} l.97-105);
   * {@code qwen_image_edit_plus} reads {@code ctrl_img_1..3}; {@code qwen_image} raises on {@code
   * ctrl_img} (l.263) and never reads {@code ctrl_img_1..3}. {@code SampleItem} l.63 copies {@code
   * ctrl_img} into {@code ctrl_img_1}, never the other way.
   */
  static List<String> sampleControlKeys(String arch) {
    switch (arch) {
      case "qwen_image_edit":
        return List.of("ctrl_img");
      case "qwen_image_edit_plus":
        return List.of("ctrl_img_1", "ctrl_img_2", "ctrl_img_3");
      default:
        return List.of();
    }
  }

  static final Set<String> NETWORK_TYPES =
      ordered("lora", "locon", "lycoris", "lokr", "dora", "fullrank", "lorm");

  static final Set<String> SAVE_FORMATS = ordered("safetensors", "diffusers");

  static final Set<String> DATASET_TYPES = ordered("image");

  /**
   * Keys that do not exist but circulate in guides, per section, with the real key to use. Checked
   * before the did-you-mean of unknown keys.
   */
  static final Map<String, Map<String, String>> INVENTED =
      Map.of(
          "model",
              Map.of(
                  "is_qwen", "arch",
                  "quantize_dtype", "qtype",
                  "quantization", "qtype",
                  "model_type", "arch"),
          "train",
              Map.of(
                  "epochs", "steps",
                  "max_train_steps", "steps",
                  "learning_rate", "lr",
                  "gradient_accumulation_step", "gradient_accumulation"),
          "process",
              Map.of(
                  "training", "train",
                  "optimizer", "train.optimizer",
                  "output_dir", "training_folder",
                  "output_folder", "training_folder"),
          "datasets",
              Map.of(
                  "repeats", "num_repeats",
                  "control_folder", "control_path",
                  "resolutions", "resolution"),
          "save",
              Map.of(
                  "save_every_n_epochs", "save_every",
                  "max_saves", "max_step_saves_to_keep"),
          "sample",
              Map.of(
                  "negative_prompt", "neg",
                  "steps", "sample_steps",
                  "cfg", "guidance_scale"));

  private static Set<String> ordered(String... keys) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
  }
}
