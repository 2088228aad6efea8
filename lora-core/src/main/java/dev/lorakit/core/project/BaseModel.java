package dev.lorakit.core.project;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The base models lorakit knows, with what the trainer needs to know about each.
 *
 * <p>Facts come from ai-toolkit at commit 27a03a91 ({@code reference/ai-toolkit.md} §2.1, §4): the
 * {@code arch} value, whether control images are required, the bucket divisibility of 32 and the
 * accuracy-recovery adapters published in {@code ostris/accuracy_recovery_adapters}.
 *
 * <pre>{@code
 * BaseModel model = BaseModel.fromId("qwen-image-edit-2509").orElseThrow();
 * model.arch(); // "qwen_image_edit_plus"
 * }</pre>
 */
public enum BaseModel {
  QWEN_IMAGE(
      "qwen-image",
      "qwen_image",
      "Qwen/Qwen-Image",
      0,
      List.of("ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors")),
  QWEN_IMAGE_EDIT(
      "qwen-image-edit",
      "qwen_image_edit",
      "Qwen/Qwen-Image-Edit",
      1,
      List.of("ostris/accuracy_recovery_adapters/qwen_image_edit_torchao_uint3.safetensors")),
  QWEN_IMAGE_EDIT_2509(
      "qwen-image-edit-2509",
      "qwen_image_edit_plus",
      "Qwen/Qwen-Image-Edit-2509",
      3,
      List.of("ostris/accuracy_recovery_adapters/qwen_image_edit_2509_torchao_uint3.safetensors"));

  /** Parameters of the Qwen-Image MMDiT transformer (20B), shared by the whole family. */
  public static final long QWEN_TRANSFORMER_PARAMETERS = 20_000_000_000L;

  private final String id;
  private final String arch;
  private final String repository;
  private final int maxControlImages;
  private final List<String> accuracyRecoveryAdapters;

  BaseModel(
      String id,
      String arch,
      String repository,
      int maxControlImages,
      List<String> accuracyRecoveryAdapters) {
    this.id = id;
    this.arch = arch;
    this.repository = repository;
    this.maxControlImages = maxControlImages;
    this.accuracyRecoveryAdapters = accuracyRecoveryAdapters;
  }

  /** The kebab-case id used on the command line and in {@code lorakit.yaml}. */
  public String id() {
    return id;
  }

  /** ai-toolkit's {@code model.arch} value. */
  public String arch() {
    return arch;
  }

  /** Hugging Face repository id, ai-toolkit's {@code model.name_or_path}. */
  public String repository() {
    return repository;
  }

  /**
   * Whether every training image and sample prompt needs a same-stem control image. True for the
   * edit models: {@code qwen_image_edit_plus} raises "Missing control images" without them.
   */
  public boolean needsControlImages() {
    return maxControlImages > 0;
  }

  /** How many control folders ({@code control_path} entries) the model reads; 0 for none. */
  public int maxControlImages() {
    return maxControlImages;
  }

  /** Bucket sides are rounded to multiples of this (16 x 2 for Qwen). */
  public int bucketDivisibility() {
    return 32;
  }

  public long parameterCount() {
    return QWEN_TRANSFORMER_PARAMETERS;
  }

  /** Transformer blocks of the model; LoRA targets 14 linear layers in each. */
  public int transformerBlocks() {
    return 60;
  }

  /** Hidden size of the transformer, the width of most LoRA-adapted layers. */
  public int hiddenSize() {
    return 3072;
  }

  /** Published accuracy-recovery adapters for this exact base model, as 3-part hub paths. */
  public List<String> accuracyRecoveryAdapters() {
    return accuracyRecoveryAdapters;
  }

  public boolean hasAccuracyRecoveryAdapters() {
    return !accuracyRecoveryAdapters.isEmpty();
  }

  /** The value ai-toolkit writes to {@code ss_base_model_version} for every Qwen arch. */
  public String baseModelVersion() {
    return "qwen_image";
  }

  /** Looks a model up by its kebab-case id, its arch or its repository, ignoring case. */
  public static Optional<BaseModel> fromId(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(
            m ->
                m.id.equals(wanted)
                    || m.repository.toLowerCase(Locale.ROOT).equals(wanted)
                    || m.name().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  /** Looks a model up by ai-toolkit's {@code arch}; {@code qwen_image_edit_plus} is Edit-2509. */
  public static Optional<BaseModel> fromArch(String arch) {
    String bare = arch.strip().toLowerCase(Locale.ROOT);
    int colon = bare.indexOf(':');
    String wanted = colon < 0 ? bare : bare.substring(0, colon);
    return Arrays.stream(values()).filter(m -> m.arch.equals(wanted)).findFirst();
  }

  /** Every id, comma-separated, for help texts and error hints. */
  public static String ids() {
    return Arrays.stream(values()).map(BaseModel::id).collect(Collectors.joining(", "));
  }
}
