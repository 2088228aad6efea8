package dev.lorakit.core.training;

import dev.lorakit.core.internal.EditDistance;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code qtype} values ai-toolkit accepts (HEAD 27a03a91, {@code toolkit/util/quantize.py}),
 * with their weight bit width. Written by hand from the reference because the set lives in Python
 * code, not in any machine-readable schema.
 */
public final class QuantizationType {
  private static final Map<String, Integer> BITS = new LinkedHashMap<>();

  static {
    for (String q :
        new String[] {"qfloat8", "qfloat8_e4m3fn", "qfloat8_e4m3fnuz", "qfloat8_e5m2"}) {
      BITS.put(q, 8);
    }
    BITS.put("qint8", 8);
    BITS.put("qint4", 4);
    BITS.put("qint2", 2);
    BITS.put("float8", 8);
    BITS.put("int8", 8);
    for (int b = 2; b <= 8; b++) {
      BITS.put("uint" + b, b);
    }
    for (int b = 2; b <= 4; b++) {
      BITS.put("orbit" + b, b);
      BITS.put("orbitvq" + b, b);
    }
    BITS.put("convrot4", 4);
    BITS.put("convrot8", 8);
    BITS.put("convrotbitnet", 2);
    BITS.put("convrotcomfyw4a4", 4);
    for (int b = 2; b <= 8; b++) {
      BITS.put("convrotint" + b, b);
    }
    BITS.put("nvfp4", 4);
  }

  /** The trainer's default for both {@code qtype} and {@code qtype_te}. */
  public static final String DEFAULT = "qfloat8";

  /** {@code int8} exists only since ai-toolkit 17153583 (2026-03-30); older checkouts raise. */
  public static final String INT8_SINCE_2026_03 = "int8";

  private QuantizationType() {}

  /** Every qtype name the trainer accepts, in source order. */
  public static Set<String> known() {
    return BITS.keySet();
  }

  public static boolean isKnown(String qtype) {
    return BITS.containsKey(normalize(qtype));
  }

  /** Weight bits of a known qtype. */
  public static OptionalInt bits(String qtype) {
    Integer bits = BITS.get(normalize(qtype));
    return bits == null ? OptionalInt.empty() : OptionalInt.of(bits);
  }

  /** The closest known name, for did-you-mean hints. */
  public static Optional<String> closest(String qtype) {
    return EditDistance.closest(normalize(qtype), BITS.keySet());
  }

  private static String normalize(String qtype) {
    return qtype.strip().toLowerCase(Locale.ROOT);
  }
}
