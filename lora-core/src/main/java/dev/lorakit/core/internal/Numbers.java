package dev.lorakit.core.internal;

import java.math.BigDecimal;
import java.util.Locale;

/** How lorakit writes numbers in messages and reports. */
public final class Numbers {
  private Numbers() {}

  /** The shortest plain decimal ({@code 0.0002}, not {@code 2.0E-4}); NaN and infinities as is. */
  public static String decimal(double d) {
    if (!Double.isFinite(d)) {
      return String.valueOf(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** A whole number without decimals, anything else with two ({@code 850}, {@code 0.40}). */
  public static String rounded(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }
}
