package dev.lorakit.cli;

import dev.lorakit.core.training.TrainerVersion;

/** {@code --trainer-version} values. */
final class TrainerVersions {
  private TrainerVersions() {}

  static TrainerVersion parse(String text) {
    return TrainerVersion.parse(text)
        .orElseThrow(
            () ->
                new UserException(
                    "--trainer-version '" + text + "' is neither 0.12.26 nor a date",
                    "give 0.12.26 (the pinned pod image) or an ai-toolkit commit date such as"
                        + " 2026-05-01"));
  }
}
