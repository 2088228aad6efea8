package dev.lorakit.core.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** ai-toolkit's {@code network.type} values. */
public enum NetworkType {
  LORA("lora"),
  LOCON("locon"),
  LYCORIS("lycoris"),
  LOKR("lokr"),
  DORA("dora"),
  FULLRANK("fullrank"),
  LORM("lorm");

  private final String key;

  NetworkType(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<NetworkType> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(n -> n.key.equals(t)).findFirst();
  }
}
