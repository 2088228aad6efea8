package dev.lorakit.core.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The optimizer names lorakit knows for ai-toolkit's {@code toolkit/optimizer.py} ({@code
 * get_optimizer}), including the ones that never construct on the stock pod image: {@link
 * #stockImageFailure()} says why for those, and the writer and lint report them as errors.
 *
 * <pre>{@code
 * Optimizer.parse("dadaptadam").flatMap(Optimizer::stockImageFailure); // "Unknown optimizer type"
 * }</pre>
 */
public enum Optimizer {
  ADAMW8BIT("adamw8bit"),
  ADAM8BIT("adam8bit"),
  ADAMW8("adamw8"),
  ADAM8("adam8"),
  ADEMAMIX8BIT("ademamix8bit"),
  LION8BIT("lion8bit"),
  ADAMW("adamw"),
  ADAM("adam"),
  LION("lion"),
  ADAGRAD("adagrad"),
  ADAFACTOR("adafactor"),
  PRODIGY("prodigy"),
  PRODIGY8BIT("prodigy8bit"),
  DADAPTATION("dadaptation"),
  DADAPTADAM("dadaptadam"),
  DADAPTLION("dadaptlion"),
  DADAPTADAGRAD("dadaptadagrad"),
  DADAPTSGD("dadaptsgd"),
  AUTOMAGIC("automagic"),
  AUTOMAGIC2("automagic2"),
  AUTOMAGIC3("automagic3"),
  AUTOMAGICEXPERIMENT("automagicexperiment");

  private final String key;

  Optimizer(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /**
   * Why {@code get_optimizer} fails for this name on the stock image {@code
   * ostris/aitoolkit:0.12.26} (27a03a91), after the model has loaded; empty for the names that
   * construct. The D-Adaptation branch needs the prefix {@code dadaptation} (l.13), so {@code
   * dadaptadam} and its siblings fall through to {@code ValueError('Unknown optimizer type')}
   * (l.110); {@code dadaptation} (l.15) and {@code lion} (l.82) import packages absent from {@code
   * requirements.txt}, {@code requirements_base.txt} and {@code docker/Dockerfile}.
   */
  public Optional<String> stockImageFailure() {
    return switch (this) {
      case DADAPTADAM, DADAPTLION, DADAPTADAGRAD, DADAPTSGD ->
          Optional.of(
              "get_optimizer raises ValueError('Unknown optimizer type'): the D-Adaptation branch"
                  + " needs the prefix 'dadaptation' (toolkit/optimizer.py l.13, l.110)");
      case DADAPTATION ->
          Optional.of(
              "the dadaptation package is not installed on the pod image, so 'import dadaptation'"
                  + " raises ModuleNotFoundError (toolkit/optimizer.py l.15)");
      case LION ->
          Optional.of(
              "the lion_pytorch package is not installed on the pod image, so get_optimizer raises"
                  + " ImportError (toolkit/optimizer.py l.82-85)");
      case ADAMW8BIT,
          ADAM8BIT,
          ADAMW8,
          ADAM8,
          ADEMAMIX8BIT,
          LION8BIT,
          ADAMW,
          ADAM,
          ADAGRAD,
          ADAFACTOR,
          PRODIGY,
          PRODIGY8BIT,
          AUTOMAGIC,
          AUTOMAGIC2,
          AUTOMAGIC3,
          AUTOMAGICEXPERIMENT ->
          Optional.empty();
    };
  }

  /** The names that construct on the stock image, in declaration order. */
  public static List<Optimizer> constructing() {
    return Arrays.stream(values())
        .filter(o -> o.stockImageFailure().isEmpty())
        .collect(Collectors.toUnmodifiableList());
  }

  /** Whether the optimizer sets its own step size, making {@code lr} a multiplier. */
  public boolean adaptive() {
    return this == PRODIGY
        || this == PRODIGY8BIT
        || name().startsWith("DADAPT")
        || name().startsWith("AUTO");
  }

  public static Optional<Optimizer> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(o -> o.key.equals(t)).findFirst();
  }
}
