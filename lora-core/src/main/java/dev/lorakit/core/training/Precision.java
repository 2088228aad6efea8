package dev.lorakit.core.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Floating-point precisions ai-toolkit accepts for {@code train.dtype} and {@code save.dtype}, with
 * every alias of {@code toolkit/train_tools.py get_torch_dtype}.
 */
public enum Precision {
  BF16("bf16", "bfloat16"),
  FP16("float16", "fp16", "half"),
  FP32("float32", "fp32", "float", "single"),
  FP8("float8", "8bit", "e4m3fn");

  private final String key;
  private final List<String> aliases;

  Precision(String key, String... aliases) {
    this.key = key;
    this.aliases = List.of(aliases);
  }

  /** The spelling lorakit writes. */
  public String key() {
    return key;
  }

  /** Parses any spelling the trainer accepts. */
  public static Optional<Precision> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(p -> p.key.equals(t) || p.aliases.contains(t))
        .findFirst();
  }
}
