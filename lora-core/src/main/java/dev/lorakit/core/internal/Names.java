package dev.lorakit.core.internal;

import java.util.Locale;

/** How lorakit derives folder and trigger names from a project name. */
public final class Names {
  private Names() {}

  /**
   * The project name as a lower-case stem without {@code lora} or {@code char}, for suggested
   * folder names and triggers: {@code "Maya LoRA"} gives {@code maya}, a name with nothing left
   * gives {@code name}.
   */
  public static String characterStem(String projectName) {
    String base = projectName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    base = base.replaceAll("_?(lora|char)_?", "").replaceAll("^_+|_+$", "");
    return base.isEmpty() ? "name" : base;
  }
}
