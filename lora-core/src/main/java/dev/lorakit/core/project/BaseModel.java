package dev.lorakit.core.project;

import dev.lorakit.core.training.TrainerVersion;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The base models lorakit knows, each carrying every fact about it that lorakit uses: ai-toolkit's
 * {@code arch} and its {@code :tag} form, the Hugging Face repository, the accuracy-recovery
 * adapters per quantization type, which trainers need control images, bucket divisibility, the
 * licence and sampling defaults. Nothing outside this enum compares a model against a constant:
 * adding a model is one entry here plus its tests.
 *
 * <p>Facts come from ai-toolkit at the pinned image's commit ({@code reference/ai-toolkit.md} §2.1,
 * §4; {@code ai-toolkit-audit.md} row 10: {@code ui/src/app/jobs/new/options.tsx} and {@code
 * ModelConfig} l.767, which strips the {@code :tag}) and from {@code landscape-2026.md} §1.
 *
 * <pre>{@code
 * BaseModel model = BaseModel.fromId("qwen-image-edit-2511").orElseThrow();
 * model.arch();          // "qwen_image_edit_plus"
 * model.aiToolkitArch(); // "qwen_image_edit_plus:2511"
 * }</pre>
 */
public enum BaseModel {
  QWEN_IMAGE(
      "qwen-image",
      "Qwen-Image",
      "qwen_image",
      null,
      "Qwen/Qwen-Image",
      0,
      Map.of("uint3", "ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors"),
      LocalDate.of(2025, 8, 4)),
  QWEN_IMAGE_2512(
      "qwen-image-2512",
      "Qwen-Image-2512",
      "qwen_image",
      "2512",
      "Qwen/Qwen-Image-2512",
      0,
      Map.of(
          "uint3",
          "ostris/accuracy_recovery_adapters/qwen_image_2512_torchao_uint3.safetensors",
          "uint4",
          "ostris/accuracy_recovery_adapters/qwen_image_2512_torchao_uint4.safetensors"),
      LocalDate.of(2025, 12, 31)),
  QWEN_IMAGE_EDIT(
      "qwen-image-edit",
      "Qwen-Image-Edit",
      "qwen_image_edit",
      null,
      "Qwen/Qwen-Image-Edit",
      1,
      Map.of(
          "uint3", "ostris/accuracy_recovery_adapters/qwen_image_edit_torchao_uint3.safetensors"),
      null),
  QWEN_IMAGE_EDIT_2509(
      "qwen-image-edit-2509",
      "Qwen-Image-Edit-2509",
      "qwen_image_edit_plus",
      null,
      "Qwen/Qwen-Image-Edit-2509",
      3,
      Map.of(
          "uint3",
          "ostris/accuracy_recovery_adapters/qwen_image_edit_2509_torchao_uint3.safetensors"),
      LocalDate.of(2025, 9, 24)),
  QWEN_IMAGE_EDIT_2511(
      "qwen-image-edit-2511",
      "Qwen-Image-Edit-2511",
      "qwen_image_edit_plus",
      "2511",
      "Qwen/Qwen-Image-Edit-2511",
      3,
      Map.of(
          "uint3",
          "ostris/accuracy_recovery_adapters/qwen_image_edit_2511_torchao_uint3.safetensors"),
      LocalDate.of(2025, 12, 23));

  /** Parameters of the Qwen-Image MMDiT transformer (20B), shared by the whole family. */
  public static final long QWEN_TRANSFORMER_PARAMETERS = 20_000_000_000L;

  /** The trainers whose control-image needs lorakit models. */
  public enum Trainer {
    /** ostris/ai-toolkit: the edit archs raise "Missing control images" without them (#480). */
    AI_TOOLKIT,
    /**
     * kohya-ss/musubi-tuner: allows an edit dataset without control images since {@code 31ab4d7}
     * (PR #704, merged 2025-11-03).
     */
    MUSUBI_TUNER
  }

  private final String id;
  private final String displayName;
  private final String arch;
  private final String tag;
  private final String repository;
  private final int maxControlImages;
  private final Map<String, String> adapters;
  private final LocalDate aiToolkitSince;

  BaseModel(
      String id,
      String displayName,
      String arch,
      String tag,
      String repository,
      int maxControlImages,
      Map<String, String> adapters,
      LocalDate aiToolkitSince) {
    this.id = id;
    this.displayName = displayName;
    this.arch = arch;
    this.tag = tag;
    this.repository = repository;
    this.maxControlImages = maxControlImages;
    this.adapters = adapters;
    this.aiToolkitSince = aiToolkitSince;
  }

  /** The kebab-case id used on the command line and in {@code lorakit.yaml}. */
  public String id() {
    return id;
  }

  /** The model's published name, such as {@code Qwen-Image-Edit-2511}. */
  public String displayName() {
    return displayName;
  }

  /** ai-toolkit's {@code model.arch} value without a tag: the model class the trainer builds. */
  public String arch() {
    return arch;
  }

  /** The UI's {@code :tag} of the arch ({@code 2512}, {@code 2511}), when the model has one. */
  public Optional<String> archTag() {
    return Optional.ofNullable(tag);
  }

  /**
   * The {@code model.arch} lorakit writes: the tagged form the UI writes ({@code qwen_image:2512}).
   * ai-toolkit's {@code ModelConfig} strips the tag, so both forms build the same model class.
   */
  public String aiToolkitArch() {
    return tag == null ? arch : arch + ":" + tag;
  }

  /** Hugging Face repository id, ai-toolkit's {@code model.name_or_path}. */
  public String repository() {
    return repository;
  }

  /** Whether the model edits images (takes reference images), rather than text-to-image. */
  public boolean isEditModel() {
    return maxControlImages > 0;
  }

  /**
   * Whether every training image and sample prompt needs a same-stem control image with ai-toolkit:
   * true for the edit models, whose arch raises "Missing control images" without them.
   */
  public boolean needsControlImages() {
    return needsControlImages(Trainer.AI_TOOLKIT);
  }

  /** Whether {@code trainer} refuses an edit dataset without control images. */
  public boolean needsControlImages(Trainer trainer) {
    return switch (trainer) {
      case AI_TOOLKIT -> isEditModel();
      case MUSUBI_TUNER -> false;
    };
  }

  /** How many control folders ({@code control_path} entries) the model reads; 0 for none. */
  public int maxControlImages() {
    return maxControlImages;
  }

  /**
   * The text-to-image arch that trains this model's weights without control images: ai-toolkit's
   * community workaround for edit models ({@code arch: qwen_image} with the Edit weights, #480).
   */
  public String textOnlyArch() {
    return QWEN_IMAGE.arch;
  }

  /**
   * Whether a batch above 1 fails without cached text embeddings: the multi-image edit pipeline
   * ({@code qwen_image_edit_plus}) mismatches prompts and control sets (#487, #862).
   */
  public boolean batchNeedsCachedTextEmbeddings() {
    return arch.equals("qwen_image_edit_plus");
  }

  /**
   * The split diffusion-model file ComfyUI loads with {@code UNETLoader} from {@code
   * models/diffusion_models}, in Comfy-Org's repackaged naming. Qwen-Image, Edit and Edit-2509:
   * ComfyUI_examples {@code qwen_image/README.md} ({@code comfyui.md} §1); 2512: {@code
   * Comfy-Org/Qwen-Image_ComfyUI} {@code split_files/diffusion_models}, commit {@code ad4cf4a};
   * 2511: the same pattern in {@code Comfy-Org/Qwen-Image-Edit_ComfyUI}, as mirrored by users (the
   * Comfy-Org listing itself was not in the searched pages).
   */
  public String comfyUiDiffusionModel() {
    return switch (this) {
      case QWEN_IMAGE -> "qwen_image_fp8_e4m3fn.safetensors";
      case QWEN_IMAGE_2512 -> "qwen_image_2512_fp8_e4m3fn.safetensors";
      case QWEN_IMAGE_EDIT -> "qwen_image_edit_fp8_e4m3fn.safetensors";
      case QWEN_IMAGE_EDIT_2509 -> "qwen_image_edit_2509_fp8_e4m3fn.safetensors";
      case QWEN_IMAGE_EDIT_2511 -> "qwen_image_edit_2511_fp8_e4m3fn.safetensors";
    };
  }

  /**
   * The text-encoder file ComfyUI loads with {@code CLIPLoader} from {@code models/text_encoders}:
   * Qwen2.5-VL 7B, shared by the whole family (ComfyUI_examples {@code qwen_image/README.md}: "make
   * sure you downloaded the text encoder and vae files for the basic workflow").
   */
  public String comfyUiTextEncoder() {
    return switch (this) {
      case QWEN_IMAGE,
          QWEN_IMAGE_2512,
          QWEN_IMAGE_EDIT,
          QWEN_IMAGE_EDIT_2509,
          QWEN_IMAGE_EDIT_2511 ->
          "qwen_2.5_vl_7b_fp8_scaled.safetensors";
    };
  }

  /**
   * The {@code CLIPLoader} {@code type} for the text encoder: {@code qwen_image} (ComfyUI {@code
   * nodes.py} CLIPLoader.INPUT_TYPES, commit {@code a125cd8}, line 931).
   */
  public String comfyUiClipType() {
    return switch (this) {
      case QWEN_IMAGE,
          QWEN_IMAGE_2512,
          QWEN_IMAGE_EDIT,
          QWEN_IMAGE_EDIT_2509,
          QWEN_IMAGE_EDIT_2511 ->
          "qwen_image";
    };
  }

  /** The VAE file ComfyUI loads with {@code VAELoader}, shared by the family (as above). */
  public String comfyUiVae() {
    return switch (this) {
      case QWEN_IMAGE,
          QWEN_IMAGE_2512,
          QWEN_IMAGE_EDIT,
          QWEN_IMAGE_EDIT_2509,
          QWEN_IMAGE_EDIT_2511 ->
          "qwen_image_vae.safetensors";
    };
  }

  /**
   * The ComfyUI node class that encodes a prompt for this model: {@code CLIPTextEncode} for
   * text-to-image, {@code TextEncodeQwenImageEdit} (one image) for the first Edit model, {@code
   * TextEncodeQwenImageEditPlus} (up to three images, the edit template) for Edit-2509 and 2511,
   * whose arch is the same {@code qwen_image_edit_plus}. Source: ComfyUI {@code
   * comfy_extras/nodes_qwen.py} (a125cd8, lines 8-104) and the ComfyUI_examples API prompts ({@code
   * comfyui.md} W1).
   */
  public String comfyUiTextEncodeNode() {
    return switch (this) {
      case QWEN_IMAGE, QWEN_IMAGE_2512 -> "CLIPTextEncode";
      case QWEN_IMAGE_EDIT -> "TextEncodeQwenImageEdit";
      case QWEN_IMAGE_EDIT_2509, QWEN_IMAGE_EDIT_2511 -> "TextEncodeQwenImageEditPlus";
    };
  }

  /**
   * How many reference images the text-encode node takes: 0 ({@code CLIPTextEncode}), 1 ({@code
   * image}) or 3 ({@code image1..3}), from the same {@code nodes_qwen.py} schemas.
   */
  public int comfyUiReferenceImages() {
    return switch (this) {
      case QWEN_IMAGE, QWEN_IMAGE_2512 -> 0;
      case QWEN_IMAGE_EDIT -> 1;
      case QWEN_IMAGE_EDIT_2509, QWEN_IMAGE_EDIT_2511 -> 3;
    };
  }

  /**
   * Whether ComfyUI's example graph for the model puts {@code CFGNorm} before the sampler: the
   * first Edit model's {@code qwen_image_edit_basic_example} does ({@code comfyui.md} W4); the
   * text-to-image and 2509 PNG examples do not (Comfy-Org's 2509 UI template adds one too).
   */
  public boolean comfyUiCfgNorm() {
    return switch (this) {
      case QWEN_IMAGE, QWEN_IMAGE_2512, QWEN_IMAGE_EDIT_2509, QWEN_IMAGE_EDIT_2511 -> false;
      case QWEN_IMAGE_EDIT -> true;
    };
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

  /**
   * The {@code comfy.model_base} class ComfyUI loads this model's diffusion file into; it selects
   * the branch of {@code comfy/lora.py model_lora_keys_unet} that names LoRA keys. Every Qwen
   * release so far is {@code QwenImage} ({@code comfy/supported_models.py} QwenImage.get_model,
   * line 1326 at Comfy-Org a125cd8), so one LoRA key map serves all of them.
   */
  public String comfyUiModelClass() {
    return switch (this) {
      case QWEN_IMAGE,
          QWEN_IMAGE_2512,
          QWEN_IMAGE_EDIT,
          QWEN_IMAGE_EDIT_2509,
          QWEN_IMAGE_EDIT_2511 ->
          "QwenImage";
    };
  }

  /** The weights' licence (SPDX id); every Qwen-Image release so far is Apache-2.0. */
  public String licence() {
    return "Apache-2.0";
  }

  /**
   * The date of the ai-toolkit commit that added the model, where the references record it ({@code
   * 9da8b540} for Qwen-Image, {@code 454be095} for Edit-2509, {@code 57a2ab12} for Edit-2511,
   * {@code 4d5a649a} for 2512); a trainer older than that does not know the model.
   */
  public Optional<LocalDate> aiToolkitSince() {
    return Optional.ofNullable(aiToolkitSince);
  }

  /** Whether the ai-toolkit build knows this model (its arch and tag, or its weights' pipeline). */
  public boolean supportedBy(TrainerVersion trainer) {
    return aiToolkitSince().map(since -> !trainer.date().isBefore(since)).orElse(true);
  }

  /**
   * The UI's sample guidance scale for Qwen jobs ({@code ai-toolkit-audit.md} "What the UI
   * writes").
   */
  public double sampleGuidanceScale() {
    return 3.5;
  }

  /** The UI's sample steps for Qwen jobs. */
  public int sampleSteps() {
    return 28;
  }

  /** Published accuracy-recovery adapters for this exact base model, as 3-part hub paths. */
  public List<String> accuracyRecoveryAdapters() {
    return adapters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The published adapter for a quantization type ({@code uint3}, {@code uint4}), if any. */
  public Optional<String> accuracyRecoveryAdapter(String qtype) {
    return Optional.ofNullable(adapters.get(qtype.strip().toLowerCase(Locale.ROOT)));
  }

  public boolean hasAccuracyRecoveryAdapters() {
    return !adapters.isEmpty();
  }

  /** The value ai-toolkit writes to {@code ss_base_model_version} for every Qwen arch. */
  public String baseModelVersion() {
    return "qwen_image";
  }

  /**
   * The model a published adapter file was made for, recognised by its file name, such as {@code
   * qwen_image_2512_torchao_uint4.safetensors}.
   */
  public static Optional<BaseModel> forAdapter(String adapter) {
    String file = adapter.substring(adapter.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    for (BaseModel m : values()) {
      for (String known : m.adapters.values()) {
        if (known.endsWith("/" + file)) {
          return Optional.of(m);
        }
      }
    }
    // An adapter not in the table (another qtype): the longest model prefix of its name wins.
    BaseModel best = null;
    int bestLength = -1;
    for (BaseModel m : values()) {
      String prefix = adapterPrefix(m);
      if (file.matches(java.util.regex.Pattern.quote(prefix) + "_(torchao|uint|int).*")
          && prefix.length() > bestLength) {
        best = m;
        bestLength = prefix.length();
      }
    }
    return Optional.ofNullable(best);
  }

  private static String adapterPrefix(BaseModel m) {
    String any = m.adapters.values().iterator().next();
    String file = any.substring(any.lastIndexOf('/') + 1);
    return file.substring(0, file.indexOf("_torchao"));
  }

  /**
   * The {@code modelspec.architecture} prefix musubi-tuner writes for this model; 2512 trains with
   * musubi's {@code original} version and so carries the original's value.
   */
  public String modelSpecArchitecture() {
    return switch (this) {
      case QWEN_IMAGE, QWEN_IMAGE_2512 -> "Qwen-Image";
      case QWEN_IMAGE_EDIT -> "Qwen-Image-Edit";
      case QWEN_IMAGE_EDIT_2509 -> "Qwen-Image-Edit-Plus";
      case QWEN_IMAGE_EDIT_2511 -> "Qwen-Image-Edit-2511";
    };
  }

  /** The {@code ss_base_model_version} musubi-tuner writes: one value for all edit models. */
  public String musubiBaseModelVersion() {
    return isEditModel() ? "qwen_image_edit" : "qwen_image";
  }

  /** The models a {@code modelspec.architecture} prefix can mean. */
  public static List<BaseModel> withModelSpecArchitecture(String architecture) {
    return Arrays.stream(values())
        .filter(m -> m.modelSpecArchitecture().equals(architecture))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The models whose LoRAs carry this {@code ss_base_model_version} from {@code trainerIsMusubi}.
   */
  public static List<BaseModel> withBaseModelVersion(String version, boolean trainerIsMusubi) {
    return Arrays.stream(values())
        .filter(
            m ->
                (trainerIsMusubi ? m.musubiBaseModelVersion() : m.baseModelVersion())
                    .equals(version))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Looks a model up by its kebab-case id, its enum name or its repository, ignoring case. */
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

  /**
   * Looks a model up by ai-toolkit's {@code arch}, with or without its tag: {@code
   * qwen_image_edit_plus} is Edit-2509, {@code qwen_image_edit_plus:2511} is Edit-2511, {@code
   * qwen_image:2512} is Qwen-Image-2512. An unknown tag falls back to the untagged model.
   */
  public static Optional<BaseModel> fromArch(String arch) {
    String bare = arch.strip().toLowerCase(Locale.ROOT);
    int colon = bare.indexOf(':');
    String wanted = colon < 0 ? bare : bare.substring(0, colon);
    String wantedTag = colon < 0 ? null : bare.substring(colon + 1);
    Optional<BaseModel> exact =
        Arrays.stream(values())
            .filter(m -> m.arch.equals(wanted) && java.util.Objects.equals(m.tag, wantedTag))
            .findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    return Arrays.stream(values()).filter(m -> m.arch.equals(wanted) && m.tag == null).findFirst();
  }

  /**
   * The model a config means: its {@code name_or_path} when that is a known repository, else its
   * {@code arch}.
   */
  public static Optional<BaseModel> fromConfig(String arch, String nameOrPath) {
    if (nameOrPath != null && !nameOrPath.isBlank()) {
      Optional<BaseModel> byRepo = fromId(nameOrPath);
      if (byRepo.isPresent()) {
        return byRepo;
      }
    }
    return arch == null || arch.isBlank() ? Optional.empty() : fromArch(arch);
  }

  /** Every id, comma-separated, for help texts and error hints. */
  public static String ids() {
    return Arrays.stream(values()).map(BaseModel::id).collect(Collectors.joining(", "));
  }
}
