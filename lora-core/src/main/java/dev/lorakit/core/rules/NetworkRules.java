package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.AITK;
import static dev.lorakit.core.rules.RuleText.GUIDE;
import static dev.lorakit.core.rules.RuleText.fmt;
import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.INFO;
import static dev.lorakit.core.validation.Severity.WARNING;

import dev.lorakit.core.internal.Numbers;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.Subjects;
import dev.lorakit.core.training.NetworkType;
import dev.lorakit.core.validation.Rule;
import dev.lorakit.core.validation.RuleDescriptor;
import java.util.List;

/**
 * The guide's network rules: rank, alpha and network type.
 *
 * <pre>{@code
 * boolean tooHigh = project.training().network().rank() >= NetworkRules.HIGH_RANK;
 * String id = NetworkRules.RANK_TOO_HIGH.id(); // "network.rank-too-high"
 * }</pre>
 */
public final class NetworkRules {
  /** The lowest rank of the community range. */
  public static final int MIN_RANK = 16;

  /** The highest rank of the community range. */
  public static final int MAX_RANK = 64;

  /** The rank from which a LoRA learns backgrounds and lighting. */
  public static final int HIGH_RANK = 128;

  /** Rank outside the community range 16-64 (below 128). */
  public static final RuleDescriptor RANK_OUT_OF_RANGE =
      project(
          "network.rank-out-of-range",
          WARNING,
          "rank outside the community range " + MIN_RANK + "-" + MAX_RANK,
          "below 16 a 20B model learns the character weakly; above 64 it learns the dataset's"
              + " backgrounds and lighting",
          "set network.linear to 16 (8-12 only to fight background bleed)",
          GUIDE + "Network Architecture");

  /** Rank 128 or more. */
  public static final RuleDescriptor RANK_TOO_HIGH =
      project(
          "network.rank-too-high",
          WARNING,
          "rank " + HIGH_RANK + " or more",
          "high ranks capture unwanted details: backgrounds, lighting, compression noise",
          "lower network.linear to 16; 8-12 if backgrounds bleed",
          GUIDE + "Network Architecture, Why rank 16");

  /** Alpha differs from rank, which ai-toolkit ignores for Qwen. */
  public static final RuleDescriptor ALPHA_IGNORED =
      project(
          "network.alpha-ignored",
          WARNING,
          "alpha differs from rank",
          "ai-toolkit saves Qwen LoRAs in PEFT format and forces alpha = rank (scale 1.0), so"
              + " another alpha is silently ignored",
          "set network.linear_alpha equal to network.linear",
          AITK + "§0.7, §2.2");

  /** A network type other than plain LoRA. */
  public static final RuleDescriptor TYPE_NOT_LORA =
      project(
          "network.type-not-lora",
          INFO,
          "network type other than lora",
          "the guide's numbers (rank, lr, epochs) were tuned for plain LoRA",
          "use network.type lora unless you retuned for another type",
          GUIDE + "Network Architecture");

  private NetworkRules() {}

  static List<Rule<LoraProject>> rules() {
    return List.of(
        Rule.of(
            Subjects.PROJECT,
            RANK_OUT_OF_RANGE,
            (p, f) -> {
              int rank = p.training().network().rank();
              if (rank >= 1 && (rank < MIN_RANK || (rank > MAX_RANK && rank < HIGH_RANK))) {
                f.report(
                    "network.linear",
                    fmt("rank %d is outside the recommended %d-%d", rank, MIN_RANK, MAX_RANK),
                    rank < MIN_RANK
                        ? "raise network.linear to 16 unless you lowered it on purpose for"
                            + " background bleed"
                        : "lower network.linear to 16-32",
                    rank,
                    MIN_RANK + "-" + MAX_RANK);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            RANK_TOO_HIGH,
            (p, f) -> {
              int rank = p.training().network().rank();
              if (rank >= HIGH_RANK) {
                f.report(
                    "network.linear",
                    fmt(
                        "rank %d is at or above %d, where a LoRA learns backgrounds and lighting",
                        rank, HIGH_RANK),
                    "lower network.linear to 16; 8-12 if backgrounds bleed",
                    rank,
                    HIGH_RANK);
              }
            }),
        Rule.of(
            Subjects.PROJECT,
            ALPHA_IGNORED,
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
            }),
        Rule.of(
            Subjects.PROJECT,
            TYPE_NOT_LORA,
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
}
