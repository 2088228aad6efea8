package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.merging;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.QuantizationType;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trainer's quantization rules: known qtypes, low-bit types and their accuracy-recovery
 * adapters.
 *
 * <pre>{@code
 * String id = QuantizationRules.ADAPTER_WRONG_MODEL.id(); // "quantization.adapter-wrong-model"
 * }</pre>
 */
public final class QuantizationRules {
  /** Bit widths at or below which a qtype needs an accuracy-recovery adapter. */
  public static final int LOW_BITS = 4;

  private static final Pattern ADAPTER_BITS = Pattern.compile("uint(\\d)");

  /** qtype or qtype_te is not a type the trainer knows. */
  public static final RuleDescriptor UNKNOWN_QTYPE =
      project(
          "quantization.unknown-qtype",
          ERROR,
          "qtype or qtype_te is not a quantization type the trainer knows",
          "an unknown qtype raises a KeyError after the model is downloaded",
          "use qfloat8, qint8, or uint3 with an accuracy-recovery adapter",
          AITK + "§2.1");

  /** 4-bit or lower without an accuracy-recovery adapter. */
  public static final RuleDescriptor LOW_BIT_WITHOUT_ADAPTER =
      project(
          "quantization.low-bit-without-adapter",
          WARNING,
          LOW_BITS + "-bit or lower quantization without an accuracy-recovery adapter",
          "int4/int2 without an adapter lose quality (the guide; ostris publishes uint3"
              + " adapters for each Qwen model)",
          "use qfloat8 on 48 GB, or uint3 with the model's accuracy-recovery adapter",
          GUIDE + "Quantization; " + AITK + "§2.1");

  /** The adapter path is neither a local file nor owner/repo/file. */
  public static final RuleDescriptor ADAPTER_PATH_MALFORMED =
      merging(
          project(
              "quantization.adapter-path-malformed",
              ERROR,
              "accuracy-recovery adapter path is neither a local file nor owner/repo/file",
              "one part crashes with an IndexError and more than three raise, after the model"
                  + " is loaded (the shipped Edit example has this bug)",
              "write the adapter as ostris/accuracy_recovery_adapters/<file>.safetensors",
              AITK + "§2.1"),
          "config.malformed-adapter-path");

  /** The adapter was made for another base model. */
  public static final RuleDescriptor ADAPTER_WRONG_MODEL =
      project(
          "quantization.adapter-wrong-model",
          ERROR,
          "the accuracy-recovery adapter was made for another base model",
          "an adapter is tied to the exact base weights; another model's adapter corrupts"
              + " the quantized transformer",
          "use the adapter published for this base model",
          AITK + "§2.1");

  /** The adapter's bit width differs from qtype. */
  public static final RuleDescriptor ADAPTER_BITS_MISMATCH =
      project(
          "quantization.adapter-bits-mismatch",
          ERROR,
          "the adapter's bit width differs from qtype",
          "an adapter recovers the error of one bit width; a uint3 adapter on uint4 weights"
              + " makes them worse",
          "set qtype to the adapter's bit width (uint3 for the published Qwen adapters)",
          AITK + "§2.1");

  /**
   * qtype int8 (torchao) on a targeted trainer build older than 2026-03-30 ({@link
   * dev.lorakit.core.training.TrainerVersion#hasInt8()}); silent on the pinned build, which has it.
   */
  public static final RuleDescriptor INT8_NEEDS_RECENT_TRAINER =
      project(
          "quantization.int8-needs-recent-trainer",
          ERROR,
          "qtype int8 (torchao) on a targeted ai-toolkit build older than 2026-03-30",
          "builds before 17153583 raise a KeyError for int8 after the 20B model has loaded",
          "use qfloat8 or qint8, or target an ai-toolkit build from 2026-03-30 or later",
          AITK + "§2.1, §5");

  private QuantizationRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            UNKNOWN_QTYPE,
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (!q.enabled()) {
                return;
              }
              unknownQtype(f, "model.qtype", q.qtype());
              unknownQtype(f, "model.qtype_te", q.textEncoderQtype());
            }),
        Rule.of(
            Subjects.PROJECT,
            LOW_BIT_WITHOUT_ADAPTER,
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (q.enabled()
                  && q.accuracyRecoveryAdapter().isEmpty()
                  && q.bits().orElse(8) <= LOW_BITS) {
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
            }),
        Rule.of(
            Subjects.PROJECT,
            ADAPTER_PATH_MALFORMED,
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
                                "owner/repo/file"))),
        Rule.of(
            Subjects.PROJECT,
            ADAPTER_WRONG_MODEL,
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
                                p.baseModel().id()))),
        Rule.of(
            Subjects.PROJECT,
            ADAPTER_BITS_MISMATCH,
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
            }),
        Rule.of(
            Subjects.PROJECT,
            INT8_NEEDS_RECENT_TRAINER,
            (p, f) -> {
              Quantization q = p.training().quantization();
              if (q.enabled()
                  && q.qtype().equalsIgnoreCase(QuantizationType.INT8_SINCE_2026_03)
                  && !p.trainerVersion().hasInt8()) {
                f.report(
                    "model.qtype",
                    "qtype int8 exists only from ai-toolkit 2026-03-30 (17153583); the targeted"
                        + " build "
                        + p.trainerVersion()
                        + " raises a KeyError",
                    "use qfloat8 (the portable 8-bit type) or target a build from 2026-03-30",
                    q.qtype(),
                    "2026-03-30");
              }
            }));
  }

  private static void unknownQtype(Findings f, String key, String qtype) {
    if (!QuantizationType.isKnown(qtype)) {
      f.report(
          key,
          fmt("qtype %s is not a known quantization type", qtype),
          QuantizationType.closest(qtype)
              .map(c -> "did you mean " + c + "? use qfloat8 for 48 GB")
              .orElse("use qfloat8 for 48 GB"),
          qtype,
          "qfloat8, qint8, float8, int8, uint2-uint8, ...");
    }
  }
}
