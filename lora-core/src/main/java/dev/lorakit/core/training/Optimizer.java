package dev.lorakit.core.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The optimizers ai-toolkit's {@code toolkit/optimizer.py} accepts; anything else raises there. */
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
