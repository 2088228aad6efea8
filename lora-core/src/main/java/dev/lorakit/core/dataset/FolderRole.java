package dev.lorakit.core.dataset;

import java.util.Locale;

/** What a dataset folder is for in a character LoRA. */
public enum FolderRole {
  /** Generated images of the character: identity, face, outfits. */
  CHARACTER,
  /** Real body photographs tagged {@code realistic_body}, for skin and proportions. */
  BODY_REALISM,
  /** Regularisation images of the class; the guide says they are not needed. */
  REGULARIZATION,
  /** Control (reference) images paired by stem with target images, for edit models. */
  CONTROL,
  /** Anything else the user trains on. */
  OTHER;

  /**
   * Guesses a role from a folder name: {@code 20_maya_realbody} is body realism, {@code reg} or
   * {@code regularization} is regularisation, {@code control} is control, anything else is the
   * character.
   */
  public static FolderRole guess(String folderName) {
    String n = folderName.toLowerCase(Locale.ROOT);
    if (n.contains("control") || n.contains("_ctrl") || n.startsWith("ctrl")) {
      return CONTROL;
    }
    if (n.contains("realbody") || n.contains("real_body") || n.contains("body_real")) {
      return BODY_REALISM;
    }
    if (n.matches("(.*[_-])?reg([_-].*)?") || n.contains("regulari")) {
      return REGULARIZATION;
    }
    return CHARACTER;
  }

  /** The kebab-case name used in {@code lorakit.yaml} and JSON output. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
