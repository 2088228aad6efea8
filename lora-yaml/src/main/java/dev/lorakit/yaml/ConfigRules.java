package dev.lorakit.yaml;

import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Severity;
import dev.lorakit.core.validation.SourceLocation;
import dev.lorakit.core.validation.Violation;
import java.util.List;
import java.util.Locale;

/** The {@code config.*} and {@code project-file.*} rules: descriptors and violation helpers. */
final class ConfigRules {
  private static final String AITK = "ai-toolkit.md ";

  static final RuleDescriptor SYNTAX_ERROR =
      d(
          "config.syntax-error",
          ERROR,
          "the file is not valid YAML or JSON (bad indentation, tabs, invalid UTF-8, unclosed"
              + " quotes)",
          "the trainer's YAML loader raises before anything runs",
          "fix the syntax at the reported line; indent with spaces, save as UTF-8",
          AITK + "§1");
  static final RuleDescriptor LIMIT_EXCEEDED =
      d(
          "config.limit-exceeded",
          ERROR,
          "the document exceeds a safety limit: size, nesting depth, aliases or node count",
          "a config is a few kilobytes; huge, deeply nested or alias-bomb documents are refused"
              + " so that reading stays bounded in time and memory",
          "write a plain config without anchors and aliases, under 2 MiB and 64 levels deep",
          "lorakit");
  static final RuleDescriptor UNSUPPORTED_TAG =
      d(
          "config.unsupported-tag",
          ERROR,
          "a YAML tag other than the standard scalar, sequence and mapping tags",
          "the trainer loads with a SafeLoader, which raises on !!python and other custom tags;"
              + " lorakit never constructs tagged objects",
          "remove the tag",
          AITK + "§1");
  static final RuleDescriptor DUPLICATE_KEY =
      d(
          "config.duplicate-key",
          ERROR,
          "a key appears twice in the same mapping",
          "the YAML loader keeps the last value and silently drops the first",
          "keep one of the two entries",
          AITK + "§1");
  static final RuleDescriptor WRONG_TYPE =
      d(
          "config.wrong-type",
          ERROR,
          "a section or value has the wrong type (a list where a mapping belongs, text for a"
              + " number)",
          "the trainer reads it with kwargs.get and fails or misreads it",
          "write the value with the type shown in the hint",
          AITK + "§2");
  static final RuleDescriptor MISSING_REQUIRED =
      d(
          "config.missing-required",
          ERROR,
          "a key the trainer requires is missing: job, config, config.name, config.process,"
              + " process type or model.name_or_path",
          "the trainer raises at start",
          "add the key",
          AITK + "§0.1, §1");
  static final RuleDescriptor UNKNOWN_JOB =
      d(
          "config.unknown-job",
          ERROR,
          "job is not one of extract, train, mod, generate, extension",
          "an unknown job raises; LoRA training for Qwen needs job: extension",
          "set job: extension",
          AITK + "§1");
  static final RuleDescriptor UNKNOWN_PROCESS_TYPE =
      d(
          "config.unknown-process-type",
          ERROR,
          "process type is not a trainer the extension job knows",
          "the trainer raises 'Unknown process type'; ui_trainer raises without the UI database",
          "use type: diffusion_trainer (or sd_trainer)",
          AITK + "§1");
  static final RuleDescriptor UNKNOWN_KEY =
      d(
          "config.unknown-key",
          WARNING,
          "a key the section does not read",
          "nothing validates key names: a misspelt key is silently ignored and its setting falls"
              + " back to the default",
          "rename it to the suggested real key, or remove it",
          AITK + "§0.1, §9");
  static final RuleDescriptor INVENTED_KEY =
      d(
          "config.invented-key",
          ERROR,
          "a key that does not exist in ai-toolkit but is widely copied (is_qwen, quantize_dtype,"
              + " epochs)",
          "it is silently ignored, so the setting the author meant never happens (no arch means"
              + " the SD1 loader; no qtype means qfloat8)",
          "replace it with the real key named in the message",
          AITK + "§5");
  static final RuleDescriptor MISSING_TRAINING_FOLDER =
      d(
          "config.missing-training-folder",
          ERROR,
          "process has no training_folder",
          "job: extension has no default; os.path.join(None, name) raises a TypeError",
          "add training_folder: \"output\" to the process",
          AITK + "§0.3");
  static final RuleDescriptor MISSING_ARCH =
      d(
          "config.missing-arch",
          ERROR,
          "model has no arch (and no legacy is_* flag)",
          "without arch the model is loaded as SD1 and fails; there is no is_qwen flag",
          "set model.arch: qwen_image, qwen_image_edit or qwen_image_edit_plus",
          AITK + "§0.2, §2.1");
  static final RuleDescriptor UNKNOWN_ARCH =
      d(
          "config.unknown-arch",
          ERROR,
          "model.arch is not an architecture ai-toolkit knows",
          "an unknown arch silently falls back to the SD1 loader, which fails on Qwen weights",
          "use qwen_image, qwen_image_edit or qwen_image_edit_plus",
          AITK + "§2.1");
  static final RuleDescriptor CONTROL_IMAGE_UNSUPPORTED =
      d(
          "config.control-image-unsupported",
          ERROR,
          "a sample has a control image but the arch is plain qwen_image",
          "qwen_image raises NotImplementedError for a ctrl_img",
          "remove ctrl_img from samples, or use an edit arch",
          AITK + "§2.6");
  static final RuleDescriptor UNLOAD_TE_EDIT =
      d(
          "config.unload-text-encoder-edit",
          ERROR,
          "train.unload_text_encoder is true with an edit model",
          "edit models encode control images into the text embeddings; validate_configs raises"
              + " for qwen_image_edit and the UI forces it off for qwen_image_edit_plus",
          "set unload_text_encoder: false and use cache_text_embeddings: true",
          AITK + "§2.5");
  static final RuleDescriptor ENV_PLACEHOLDER =
      d(
          "config.env-placeholder",
          WARNING,
          "the file contains a ${VAR} placeholder",
          "every ${VAR} in the file text, comments included, is replaced from the environment"
              + " before parsing, and an unset variable raises a ValueError",
          "write the value itself, or make sure the variable is set on the pod",
          AITK + "§1");
  static final RuleDescriptor INVALID_ENUM =
      d(
          "config.invalid-enum-value",
          ERROR,
          "a value outside its set: optimizer, noise_scheduler, timestep_type, save dtype,"
              + " lr_scheduler, network type, save_format, dataset type (an unknown qtype is"
              + " quantization.unknown-qtype)",
          "the trainer raises on an unknown optimizer, dtype or save_format, and silently"
              + " falls back for the others",
          "use one of the values listed in the hint",
          AITK + "§2");
  static final RuleDescriptor KOHYA_REPEATS =
      d(
          "config.kohya-repeats-ignored",
          WARNING,
          "a folder named like kohya's N_name without num_repeats: N",
          "ai-toolkit does not read repeats from folder names; the folder is seen once per epoch",
          "set num_repeats on the dataset to the number in the folder name",
          AITK + "§3.1");
  static final RuleDescriptor DATASET_SETTINGS_DIFFER =
      d(
          "config.dataset-settings-differ",
          INFO,
          "datasets differ in resolution, caption dropout, token shuffling or latent caching",
          "lorakit models these once for the whole project; the import takes the first dataset's"
              + " values and a rewrite applies them to every dataset",
          "give every dataset the same values, or keep editing this config by hand",
          "lorakit");
  static final RuleDescriptor NOT_MODELED =
      d(
          "config.not-modeled",
          INFO,
          "the config is for a model lorakit does not model (not Qwen-Image), so the project rules"
              + " were not applied",
          "lorakit's project rules are written for Qwen-Image character LoRAs",
          "nothing to fix; only the config rules were checked",
          "lorakit");

  static final RuleDescriptor PROJECT_SYNTAX =
      d(
          "project-file.syntax-error",
          ERROR,
          "lorakit.yaml is not valid YAML",
          "the project cannot be read",
          "fix the syntax at the reported line",
          "docs/project-file.md");
  static final RuleDescriptor PROJECT_UNKNOWN_KEY =
      d(
          "project-file.unknown-key",
          ERROR,
          "lorakit.yaml has a key its schema does not define",
          "a misspelt key would silently use the default; lorakit's own file is strict",
          "rename it to the suggested key",
          "docs/project-file.md");
  static final RuleDescriptor PROJECT_MISSING_KEY =
      d(
          "project-file.missing-key",
          ERROR,
          "lorakit.yaml lacks a required key (name, trigger, dataset)",
          "the project cannot be built without it",
          "add the key",
          "docs/project-file.md");
  static final RuleDescriptor PROJECT_INVALID_VALUE =
      d(
          "project-file.invalid-value",
          ERROR,
          "a value in lorakit.yaml has the wrong type or is outside its set",
          "the project cannot be built from it",
          "write the value as the hint shows",
          "docs/project-file.md");

  static final List<RuleDescriptor> CONFIG =
      List.of(
          SYNTAX_ERROR,
          LIMIT_EXCEEDED,
          UNSUPPORTED_TAG,
          DUPLICATE_KEY,
          WRONG_TYPE,
          MISSING_REQUIRED,
          UNKNOWN_JOB,
          UNKNOWN_PROCESS_TYPE,
          UNKNOWN_KEY,
          INVENTED_KEY,
          MISSING_TRAINING_FOLDER,
          MISSING_ARCH,
          UNKNOWN_ARCH,
          CONTROL_IMAGE_UNSUPPORTED,
          UNLOAD_TE_EDIT,
          ENV_PLACEHOLDER,
          INVALID_ENUM,
          KOHYA_REPEATS,
          DATASET_SETTINGS_DIFFER,
          NOT_MODELED);

  static final List<RuleDescriptor> PROJECT_FILE =
      List.of(PROJECT_SYNTAX, PROJECT_UNKNOWN_KEY, PROJECT_MISSING_KEY, PROJECT_INVALID_VALUE);

  private ConfigRules() {}

  static Violation violation(
      RuleDescriptor rule, String path, SourceLocation location, String message, String hint) {
    return violation(rule, rule.severity(), path, location, message, hint, null);
  }

  static Violation violation(
      RuleDescriptor rule,
      Severity severity,
      String path,
      SourceLocation location,
      String message,
      String hint,
      Object value) {
    return Findings.of(rule)
        .report(rule, severity, path, location, message, hint, value, null)
        .violations()
        .get(0);
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static RuleDescriptor d(
      String id, Severity severity, String what, String why, String fix, String source) {
    return RuleDescriptor.builder()
        .id(id)
        .severity(severity)
        .subject(
            id.startsWith("project-file.") ? ConfigSubjects.PROJECT_FILE : ConfigSubjects.CONFIG)
        .what(what)
        .why(why)
        .fix(fix)
        .source(source)
        .build();
  }
}
